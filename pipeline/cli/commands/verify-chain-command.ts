import { Command } from 'commander';
import { HashPool } from '../../commitments/hash-pool/index.js';
import { createPoseidon } from '../../commitments/poseidon/index.js';
import { releaseSnarkjsCurve } from '../../proving/ceremony/release-curve.js';
import { loadFormula } from '../../scoring/index.js';
import { resolveBundleDirs, verifyChain } from '../../verification/node/index.js';
import { formatChainSummary } from '../format-chain-summary.js';
import { parsePositiveInteger } from '../parse-options.js';
import { TerminalProgress } from '../terminal-progress.js';

interface VerifyChainOptions {
  formula?: string;
  verificationKey?: string;
  threads?: number;
  json?: boolean;
}

export function verifyChainCommand(): Command {
  return new Command('verify-chain')
    .description('check a sequence of periods end to end: every bundle, each remainder carried to the next, no period missing or published twice, the totals and the formula\'s plan')
    .argument('<dirs...>', 'bundle folders, run folders, or a folder of run folders (e.g. out), in any order')
    .option('--formula <path>', 'the published formula, to check every bundle was made under it')
    .option('--verification-key <path>', "the ceremony's verification key (default: the one committed for each formula's circuit)")
    .option('--threads <n>', 'hashing threads (default: one per CPU)', parsePositiveInteger('--threads'))
    .option('--json', 'print the full result as JSON instead of the summary')
    .addHelpText('after', '\nExit status: 0 when every bundle and every chain check passed, 1 when any failed (listed by name).')
    .action(async (dirs: string[], options: VerifyChainOptions) => {
      const bundleDirs = resolveBundleDirs(dirs);
      const published = options.formula === undefined ? undefined : await loadFormula(options.formula);
      const poseidon = await createPoseidon();
      const hasher = new HashPool({ threads: options.threads });
      const progress = new TerminalProgress();
      try {
        progress.start(`verifying ${bundleDirs.length} bundle${bundleDirs.length === 1 ? '' : 's'}`);
        const result = await verifyChain(bundleDirs, { poseidon, hasher, publishedFormulaSha256: published?.sha256, verificationKeyPath: options.verificationKey });
        progress.stop();
        process.stdout.write(options.json ? `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n` : formatChainSummary(result));
        if (!result.ok) process.exitCode = 1;
      } finally {
        progress.stop();
        await hasher.close();
        await releaseSnarkjsCurve();
      }
    });
}
