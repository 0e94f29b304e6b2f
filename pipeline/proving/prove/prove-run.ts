import { existsSync, readFileSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Groth16Proof } from 'snarkjs';
import { createPoseidon, type PoseidonHasher } from '../../commitments/poseidon/index.js';
import { UsageError } from '../../errors/index.js';
import { writeAtomically } from '../../files/index.js';
import { BUNDLE_VERIFICATION_KEY, proofFileName } from './proof-files.js';
import { SCHEMA_VERSIONS } from '../../formats/index.js';
import type { Manifest } from '../../publishing/manifest.js';
import { readRunSnapshot } from '../../publishing/run-snapshot.js';
import { fileSha256 } from '../ceremony/file-sha256.js';
import { releaseSnarkjsCurve } from '../ceremony/release-curve.js';
import { formulaPoseidonHash, type LoadedFormula } from '../../scoring/index.js';
import { artifactsInstance, defaultArtifactsDir, requireInstanceOf, type ArtifactsInstance } from './artifacts-instance.js';
import { batchCircuitInput, batchSlots, type BatchCircuitInput, runDrawBatches } from './batch-circuit-input.js';
import { ProverPool } from './prover-pool.js';
import { proveWorkerFile } from './worker-file.js';

export interface ProveRunOptions {
  connection: DuckDBConnection;
  runId: string;
  /** The formula the run was committed under (checked by SHA-256). */
  formula: LoadedFormula;
  /** Groth16 artifacts of the formula's instance; default circuits/artifacts/batch-award-v3-b<B>-n<N>. */
  artifactsDir?: string;
  /** The run's public bundle (`<out>/<run_id>/bundle`); proofs land in `<bundleDir>/proofs/`. */
  bundleDir: string;
  /** Prove worker threads; default min(os.availableParallelism(), batches). */
  threads?: number;
  poseidon?: PoseidonHasher;
  /** Called as each proof is written (in completion order). */
  onProof?: (event: { batch: number; proved: number; batches: number; ms: number }) => void;
}

export interface ProveRunResult {
  runId: string;
  circuit: string;
  batches: number;
  threads: number;
  proofsDir: string;
  /** Witness plus proof time of each batch proved now, in the worker, by batch index (0 for reused ones). */
  batchMs: number[];
  /** Batches whose proof was already in the bundle, for the same statement, and verifies: not proved again. */
  reused: number;
  /** Wall time of the whole run, including worker start-up. */
  totalMs: number;
}

export { proofFileName } from './proof-files.js';

/**
 * Once every batch is proved: the verification key goes into the bundle and the manifest names
 * it (circuit, SHA-256), each file replaced atomically, the key first so a manifest never names
 * a key that is not there. The manifest is read from `<bundleDir>/manifest.json` unless given.
 */
export async function recordProofs(bundleDir: string, instance: ArtifactsInstance, batches: number, manifest?: Manifest): Promise<void> {
  const current = manifest ?? readBundleManifest(bundleDir);
  const keyPath = join(bundleDir, BUNDLE_VERIFICATION_KEY);
  await writeAtomically(keyPath, (temp) => copyFile(instance.verificationKeyPath, temp));
  const proved: Manifest = {
    ...current,
    proofs: { circuit: instance.circuit, protocol: 'groth16', curve: 'bn128', verification_key_sha256: await fileSha256(keyPath), batches },
  };
  await writeAtomically(join(bundleDir, 'manifest.json'), (temp) => writeFile(temp, `${JSON.stringify(proved, null, 2)}\n`));
}

/** Writes one batch's proof to `<bundleDir>/proofs/batch-NNNNNN.json`, atomically. */
export async function writeBatchProof(
  bundleDir: string,
  batch: number,
  { proof, publicSignals }: { proof: Groth16Proof; publicSignals: string[] },
): Promise<string> {
  const path = join(bundleDir, 'proofs', proofFileName(batch));
  await writeAtomically(path, (temp) => writeFile(temp, `${JSON.stringify({ schema_version: SCHEMA_VERSIONS.proof, proof, publicSignals }, null, 2)}\n`));
  return path;
}

/** The published bundle's manifest; a UsageError when there is none. */
function readBundleManifest(bundleDir: string): Manifest {
  const manifestPath = join(bundleDir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new UsageError(`no published bundle at ${bundleDir} (stones score writes it)`);
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
}

/**
 * The batches that still need a proof: those whose proof file is missing, unreadable, for
 * another statement, or not valid under the instance's verification key. A re-run of the same
 * run (same statements) keeps the proofs it already has, and an interrupted prove resumes.
 */
export async function batchesToProve(bundleDir: string, instance: ArtifactsInstance, inputs: readonly BatchCircuitInput[]): Promise<number[]> {
  const existing = inputs.map((_, batch) => join(bundleDir, 'proofs', proofFileName(batch))).filter((path) => existsSync(path));
  if (existing.length === 0) return inputs.map((_, batch) => batch);
  const snarkjs = await import('snarkjs');
  const key = JSON.parse(readFileSync(instance.verificationKeyPath, 'utf8')) as Record<string, unknown>;
  const todo: number[] = [];
  try {
    for (const [batch, input] of inputs.entries()) {
      const path = join(bundleDir, 'proofs', proofFileName(batch));
      let valid = false;
      if (existsSync(path)) {
        try {
          const file = JSON.parse(readFileSync(path, 'utf8')) as { schema_version?: unknown; proof: Groth16Proof; publicSignals: string[] };
          const statement = String(input.statement);
          // A proof file of another format version is proved again, so the bundle is all of this one.
          valid =
            file.schema_version === SCHEMA_VERSIONS.proof &&
            file.publicSignals.length === 1 &&
            file.publicSignals[0] === statement &&
            (await snarkjs.groth16.verify(key, [statement], file.proof));
        } catch {
          valid = false; // unreadable or malformed: prove it again
        }
      }
      if (!valid) todo.push(batch);
    }
  } finally {
    await releaseSnarkjsCurve();
  }
  return todo;
}

export interface RunBatchInputs {
  runId: string;
  circuit: string;
  /** The witness input of each batch, by batch index. */
  inputs: BatchCircuitInput[];
}

/**
 * The witness input of every batch of a scored and published run, for proving elsewhere (the
 * job layer puts each in a prove-batch job). Refuses the same things proveRun refuses.
 */
export async function runBatchInputs(options: Omit<ProveRunOptions, 'threads' | 'onProof'>): Promise<RunBatchInputs> {
  const { formula } = options.formula;
  const snapshot = await readRunSnapshot(options.connection, options.runId);
  if (snapshot.run.formulaSha256 !== options.formula.sha256) {
    throw new UsageError(`run ${options.runId} was committed under another formula (${snapshot.run.formulaSha256.slice(0, 12)}…)`);
  }
  const instance = artifactsInstance(options.artifactsDir ?? defaultArtifactsDir(formula));
  requireInstanceOf(instance, formula);
  const manifest = readBundleManifest(resolve(options.bundleDir));
  if (manifest.run_id !== options.runId) throw new UsageError(`the bundle at ${options.bundleDir} is of run ${String(manifest.run_id)}, not ${options.runId}`);
  const poseidon = options.poseidon ?? (await createPoseidon());
  const formulaHash = formulaPoseidonHash(poseidon, formula);
  const slots = batchSlots(snapshot, formula.batch_size);
  const draws = runDrawBatches(snapshot, formula);
  const inputs = Array.from({ length: snapshot.run.batches }, (_, batch) =>
    batchCircuitInput(poseidon, snapshot, formula, batch, slots[batch], formulaHash, draws[batch]),
  );
  return { runId: options.runId, circuit: instance.circuit, inputs };
}

/**
 * The prove stage: one Groth16 proof of BatchAward per batch of a scored run, written to
 * `<bundleDir>/proofs/batch-NNNNNN.json` as `{ "proof": ..., "publicSignals": [statement] }`,
 * each file atomically. Refuses a run under another formula, artifacts of another instance
 * (artifacts-instance.ts) and a missing bundle; a batch whose witness fails (the data in the
 * database does not satisfy the circuit) stops the run with its batch index.
 */
export async function proveRun(options: ProveRunOptions): Promise<ProveRunResult> {
  const started = performance.now();
  const { formula } = options.formula;
  const snapshot = await readRunSnapshot(options.connection, options.runId);
  if (snapshot.run.formulaSha256 !== options.formula.sha256) {
    throw new UsageError(`run ${options.runId} was committed under another formula (${snapshot.run.formulaSha256.slice(0, 12)}…)`);
  }
  const instance: ArtifactsInstance = artifactsInstance(options.artifactsDir ?? defaultArtifactsDir(formula));
  requireInstanceOf(instance, formula);
  const bundleDir = resolve(options.bundleDir);
  const manifest = readBundleManifest(bundleDir);
  if (manifest.run_id !== options.runId) throw new UsageError(`the bundle at ${bundleDir} is of run ${String(manifest.run_id)}, not ${options.runId}`);

  const poseidon = options.poseidon ?? (await createPoseidon());
  const formulaHash = formulaPoseidonHash(poseidon, formula);
  const batches = snapshot.run.batches;
  const slots = batchSlots(snapshot, formula.batch_size);
  const proofsDir = join(bundleDir, 'proofs');
  const threads = options.threads ?? Math.max(1, Math.min(availableParallelism(), batches));
  const batchMs = new Array<number>(batches).fill(0);
  const draws = runDrawBatches(snapshot, formula);
  const inputs = Array.from({ length: batches }, (_, batch) => batchCircuitInput(poseidon, snapshot, formula, batch, slots[batch], formulaHash, draws[batch]));
  const todo = await batchesToProve(bundleDir, instance, inputs);
  let proved = batches - todo.length;
  if (todo.length > 0) {
    const pool = new ProverPool({
      threads: Math.min(threads, todo.length),
      workerFile: proveWorkerFile(),
      wasmPath: instance.wasmPath,
      zkeyPath: instance.zkeyPath,
    });
    try {
      await pool.proveAll(
        todo,
        (batch) => inputs[batch] as BatchCircuitInput,
        async (batch, { proof, publicSignals, ms }) => {
          await writeBatchProof(bundleDir, batch, { proof, publicSignals });
          batchMs[batch] = ms;
          proved += 1;
          options.onProof?.({ batch, proved, batches, ms });
        },
      );
    } catch (error) {
      throw new Error(`proving run ${options.runId} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      await pool.close();
    }
  }
  await recordProofs(bundleDir, instance, batches, manifest);
  return {
    runId: options.runId,
    circuit: instance.circuit,
    batches,
    threads,
    proofsDir,
    batchMs,
    reused: batches - todo.length,
    totalMs: performance.now() - started,
  };
}
