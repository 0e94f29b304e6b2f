import { allPassed } from '../bundle/check-log.js';
import { readFormulaOf, readManifestOf } from '../bundle/read-bundle.js';
import type { BundleVerification } from '../bundle/verify-bundle-files.js';
import type { ChainCheckResult } from '../chain/chain-checks.js';
import { checkChain, type ChainRelease, type ChainTotals } from '../chain/check-chain.js';
import { directoryBundleSource } from './directory-bundle-source.js';
import { verifyBundle, type VerifyBundleOptions } from './verify-bundle.js';

export interface ChainVerification {
  /** Each bundle's own verification, in the order given. */
  bundles: BundleVerification[];
  /** Bundles whose manifest could not be read: they fail chain.bundles and are left out of the links. */
  unreadable: { dir: string; problem: string }[];
  checks: ChainCheckResult[];
  totals: ChainTotals;
  ok: boolean;
  ms: number;
}

export type VerifyChainOptions = Omit<VerifyBundleOptions, 'previousBundleDir' | 'releaseCurve'>;

/**
 * `stones verify-chain`: every bundle verified as `stones verify` does (proofs included), then
 * the chain across them (check-chain.ts). The caller releases snarkjs's curve once at the end.
 */
export async function verifyChain(bundleDirs: readonly string[], options: VerifyChainOptions): Promise<ChainVerification> {
  const started = performance.now();
  const bundles: BundleVerification[] = [];
  const releases: ChainRelease[] = [];
  const unreadable: { dir: string; problem: string }[] = [];
  for (const dir of bundleDirs) {
    const verification = await verifyBundle(dir, { ...options, releaseCurve: false });
    bundles.push(verification);
    const source = directoryBundleSource(verification.bundleDir);
    const read = await readManifestOf(source);
    if ('problem' in read) {
      unreadable.push({ dir: verification.bundleDir, problem: read.problem });
      continue;
    }
    const formula = await readFormulaOf(source);
    const notPassed = verification.checks
      .filter((check) => check.status === 'failed' || (check.status === 'skipped' && !check.nothingToCheck))
      .map((check) => check.name);
    releases.push({
      dir: verification.bundleDir,
      manifest: read.manifest,
      formula: 'formula' in formula ? formula.formula : undefined,
      verified: verification.ok,
      notPassed,
    });
  }
  const chain = checkChain(releases);
  const checks = chain.checks.map((check) => {
    if (check.name !== 'chain.bundles' || unreadable.length === 0) return check;
    const failures = [...unreadable.map((u) => `${u.dir}: ${u.problem}`), ...check.failures];
    return {
      ...check,
      status: 'failed' as const,
      failures,
      failureCount: check.failureCount + unreadable.length,
      skippedBecause: undefined,
      nothingToCheck: undefined,
    };
  });
  return { bundles, unreadable, checks, totals: chain.totals, ok: allPassed(checks), ms: performance.now() - started };
}
