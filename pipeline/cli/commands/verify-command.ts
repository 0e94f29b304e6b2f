import { Command } from 'commander';
import { HashPool } from '../../commitments/hash-pool/index.js';
import { createPoseidon } from '../../commitments/poseidon/index.js';
import { releaseSnarkjsCurve } from '../../proving/ceremony/release-curve.js';
import { loadFormula } from '../../scoring/index.js';
import { verifyBundle } from '../../verification/node/index.js';
import { formatVerifySummary } from '../format-verify-summary.js';
import { parsePositiveInteger } from '../parse-options.js';
import { progressBar } from '../progress-bar.js';
import { TerminalProgress } from '../terminal-progress.js';

interface VerifyOptions {
  formula?: string;
  previous?: string;
  verificationKey?: string;
  threads?: number;
  json?: boolean;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description("check a run's public bundle as a regulator would, with no database: every proof, the formula, roots, sums and awards")
    .argument('<bundleDir>', "the run's public bundle folder (<out>/<run_id>/bundle)")
    .option('--formula <path>', 'the published formula, to check the bundle was made under it')
    .option('--previous <bundleDir>', "the previous period's bundle: checks the run carries on from it (run, record SHA-256, month) and that carried_in is its remainder")
    .option('--verification-key <path>', "the ceremony's verification key (default: the one committed for the formula's circuit)")
    .option('--threads <n>', 'hashing threads (default: one per CPU)', parsePositiveInteger('--threads'))
    .option('--json', 'print the full result as JSON instead of the summary')
    .addHelpText('after', '\nExit status: 0 when every check passed, 1 when any failed (all failed checks are listed by name).')
    .action(async (bundleDir: string, options: VerifyOptions) => {
      const published = options.formula === undefined ? undefined : await loadFormula(options.formula);
      const poseidon = await createPoseidon();
      const hasher = new HashPool({ threads: options.threads });
      const progress = new TerminalProgress();
      progress.start('verifying');
      try {
        const result = await verifyBundle(bundleDir, {
          poseidon,
          hasher,
          publishedFormulaSha256: published?.sha256,
          verificationKeyPath: options.verificationKey,
          previousBundleDir: options.previous,
          onProofProgress: ({ checked, total }) => progress.update(progressBar(checked, total, 'proofs')),
        });
        progress.stop();
        process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerifySummary(result));
        if (!result.ok) process.exitCode = 1;
      } finally {
        progress.stop();
        await hasher.close();
        await releaseSnarkjsCurve();
      }
    });
}
