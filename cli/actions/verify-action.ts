import { HashPool } from '../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon } from '../../pipeline/commitments/poseidon/index.js';
import { releaseSnarkjsCurve } from '../../pipeline/proving/ceremony/release-curve.js';
import { loadFormula } from '../../pipeline/scoring/index.js';
import { verifyBundle } from '../../pipeline/verification/node/index.js';
import { formatVerifySummary } from '../format-verify-summary.js';
import { openAnchorRegistry } from '../open-anchor-registry.js';
import { progressBar } from '../progress-bar.js';
import { TerminalProgress } from '../terminal-progress.js';

export interface VerifyOptions {
  formula?: string;
  rpc?: string;
  registry?: string;
  previous?: string;
  verificationKey?: string;
  threads?: number;
  allowDemoBeacon?: boolean;
  json?: boolean;
}

/** `stones verify`: every check of a public bundle, no database. */
export async function verifyAction(bundleDir: string, options: VerifyOptions): Promise<void> {
  const published = options.formula === undefined ? undefined : await loadFormula(options.formula);
  const poseidon = await createPoseidon();
  const hasher = new HashPool({ threads: options.threads });
  const chain = options.rpc === undefined ? undefined : await openAnchorRegistry(bundleDir, options);
  const progress = new TerminalProgress();
  progress.start('verifying');
  try {
    const result = await verifyBundle(bundleDir, {
      poseidon,
      hasher,
      publishedFormulaSha256: published?.sha256,
      verificationKeyPath: options.verificationKey,
      previousBundleDir: options.previous,
      allowDemoBeacon: options.allowDemoBeacon ?? false,
      onProofProgress: ({ checked, total }) => progress.update(progressBar(checked, total, 'proofs')),
      ...(chain ? { anchor: { connection: chain.connection, registry: chain.registry } } : {}),
    });
    progress.stop();
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerifySummary(result));
    if (!result.ok) process.exitCode = 1;
  } finally {
    progress.stop();
    await hasher.close();
    await releaseSnarkjsCurve();
    await chain?.close();
  }
}
