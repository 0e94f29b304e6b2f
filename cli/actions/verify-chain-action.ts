import { HashPool } from '../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon } from '../../pipeline/commitments/poseidon/index.js';
import { releaseSnarkjsCurve } from '../../pipeline/proving/ceremony/release-curve.js';
import { loadFormula } from '../../pipeline/scoring/index.js';
import { resolveBundleDirs, verifyChain } from '../../pipeline/verification/node/index.js';
import { formatChainSummary } from '../format-chain-summary.js';
import { TerminalProgress } from '../terminal-progress.js';

export interface VerifyChainOptions {
  formula?: string;
  verificationKey?: string;
  threads?: number;
  allowDemoBeacon?: boolean;
  json?: boolean;
}

/** `stones verify-chain`: a sequence of periods end to end. */
export async function verifyChainAction(dirs: string[], options: VerifyChainOptions): Promise<void> {
  const bundleDirs = resolveBundleDirs(dirs);
  const published = options.formula === undefined ? undefined : await loadFormula(options.formula);
  const poseidon = await createPoseidon();
  const hasher = new HashPool({ threads: options.threads });
  const progress = new TerminalProgress();
  try {
    progress.start(`verifying ${bundleDirs.length} bundle${bundleDirs.length === 1 ? '' : 's'}`);
    const result = await verifyChain(bundleDirs, {
      poseidon,
      hasher,
      publishedFormulaSha256: published?.sha256,
      verificationKeyPath: options.verificationKey,
      allowDemoBeacon: options.allowDemoBeacon ?? false,
    });
    progress.stop();
    process.stdout.write(
      options.json
        ? `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`
        : formatChainSummary(result),
    );
    if (!result.ok) process.exitCode = 1;
  } finally {
    progress.stop();
    await hasher.close();
    await releaseSnarkjsCurve();
  }
}
