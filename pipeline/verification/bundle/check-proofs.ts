import type { Groth16Proof } from 'snarkjs';
import { safeParseVersioned } from '../../formats/index.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import { releaseSnarkjsCurve } from '../../proving/ceremony/release-curve.js';
import { capturingLogger } from '../../proving/ceremony/snarkjs-logger.js';
import { manifestBatchStatement } from '../../proving/prove/batch-statement.js';
import { proofFileName } from '../../proving/prove/proof-files.js';
import type { BundleSource } from './bundle-source.js';
import type { Manifest } from '../../publishing/manifest.js';
import type { CheckLog } from './check-log.js';
import { BUNDLE_FILES, MAX_BUNDLE_FILE_BYTES, readBoundedText, type BundleContents } from './read-bundle.js';

export interface ProofProgress {
  checked: number;
  total: number;
}

async function readProofFile(source: BundleSource, path: string): Promise<{ proof: Groth16Proof; publicSignals: string[] } | { problem: string }> {
  let value: unknown;
  try {
    const text = await readBoundedText(source, path, MAX_BUNDLE_FILE_BYTES.proof);
    if (text === undefined) return { problem: 'missing' };
    if (typeof text === 'object') return text;
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = safeParseVersioned('proof', value);
  if (parsed.ok) return parsed.value;
  return { problem: parsed.problems.join('; ') };
}

function checkFiles(log: CheckLog, manifest: Manifest, files: string[] | undefined): Set<string> {
  const expected = new Set(manifest.batches.map((_, k) => proofFileName(k)));
  if (files === undefined) {
    log.fail('proofs.files', `no ${BUNDLE_FILES.proofs}/ folder: the run was not proved (stones prove)`);
    return new Set();
  }
  const present = new Set(files);
  for (const name of expected) if (!present.has(name)) log.fail('proofs.files', `${name} is missing`);
  for (const name of files) if (!expected.has(name)) log.fail('proofs.files', `${name} is not the proof of any batch of this run`);
  if (manifest.proofs !== undefined && manifest.proofs.batches !== manifest.batches.length) {
    log.fail('proofs.files', `the manifest says ${manifest.proofs.batches} batches were proved, it lists ${manifest.batches.length}`);
  }
  return new Set([...expected].filter((name) => present.has(name)));
}

/**
 * Every batch proof: present, well formed, its public signal the batch statement recomputed
 * from the manifest alone, and valid under the verification key for THAT statement (so a proof
 * of some other statement fails even when its file's public signal was edited to match).
 */
export async function checkProofs(
  log: CheckLog,
  manifest: Manifest,
  bundle: BundleContents,
  poseidon: PoseidonHasher,
  verificationKey: Record<string, unknown> | undefined,
  onProgress?: (progress: ProofProgress) => void,
  releaseCurve = true,
): Promise<number> {
  const present = checkFiles(log, manifest, bundle.proofFiles);
  if (verificationKey === undefined) log.skip('proofs.groth16', 'no verification key to check them with');
  const snarkjs = verificationKey === undefined ? undefined : await import('snarkjs');
  try {
    return await checkEachProof(log, manifest, bundle, poseidon, present, snarkjs && verificationKey ? { snarkjs, verificationKey } : undefined, onProgress);
  } finally {
    // snarkjs's curve keeps worker threads alive, which would hold the process open.
    if (snarkjs && releaseCurve) await releaseSnarkjsCurve();
  }
}

async function checkEachProof(
  log: CheckLog,
  manifest: Manifest,
  bundle: BundleContents,
  poseidon: PoseidonHasher,
  present: Set<string>,
  verifier: { snarkjs: typeof import('snarkjs'); verificationKey: Record<string, unknown> } | undefined,
  onProgress?: (progress: ProofProgress) => void,
): Promise<number> {
  const total = manifest.batches.length;
  let verified = 0;
  for (let k = 0; k < total; k++) {
    const name = proofFileName(k);
    if (present.has(name)) {
      const file = await readProofFile(bundle.source, `${BUNDLE_FILES.proofs}/${name}`);
      if ('problem' in file) log.fail('proofs.format', `${name}: ${file.problem}`);
      else {
        let statement: string | undefined;
        try {
          statement = manifestBatchStatement(poseidon, manifest, k).toString();
        } catch (error) {
          log.fail('proofs.statement', `${name}: no statement (${(error as Error).message})`);
        }
        if (statement !== undefined) {
          if (file.publicSignals.length !== 1 || file.publicSignals[0] !== statement) {
            log.fail('proofs.statement', `${name}: public signal ${file.publicSignals.join(', ')}, the manifest gives batch ${k} the statement ${statement}`);
          }
          if (verifier) {
            const logger = capturingLogger();
            const ok = await verifier.snarkjs.groth16.verify(verifier.verificationKey, [statement], file.proof, logger).catch((error: unknown) => {
              logger.error(error instanceof Error ? error.message : String(error));
              return false;
            });
            if (ok) verified += 1;
            else log.fail('proofs.groth16', `${name}: does not verify for batch ${k}'s statement${logger.lastError() ? ` (${logger.lastError()})` : ''}`);
          }
        }
      }
    }
    onProgress?.({ checked: k + 1, total });
  }
  return verified;
}
