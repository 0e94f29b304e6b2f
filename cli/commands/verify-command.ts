import { Command } from 'commander';
import { jsonOption } from '../options/index.js';
import type { VerifyOptions } from '../actions/verify-action.js';
import { parsePositiveInteger } from '../parse-options.js';

export function verifyCommand(): Command {
  return new Command('verify')
    .description("check a run's public bundle as a regulator would, with no database: every proof, the formula, roots, sums and awards")
    .argument('<bundleDir>', "the run's public bundle folder (<out>/<run_id>/bundle)")
    .option('--formula <path>', 'the published formula, to check the bundle was made under it')
    .option(
      '--previous <bundleDir>',
      "the previous period's bundle: checks the run carries on from it (run, record SHA-256, month) and that carried_in is its remainder",
    )
    .option('--verification-key <path>', "the ceremony's verification key (default: the one committed for the formula's circuit)")
    .option('--rpc <url>', 'also check the bundle against its record on this EVM chain (the anchor.* checks)')
    .option('--registry <address>', "the StonesRegistry holding the record (default: the one the bundle's anchor.json names)")
    .option(
      '--allow-demo-beacon',
      'accept the demo beacon (or one given by hand) with a note, for a demo run; without it such a bundle fails beacon.authenticated',
    )
    .option('--threads <n>', 'hashing threads (default: one per CPU)', parsePositiveInteger('--threads'))
    .addOption(jsonOption('print the full result as one JSON document instead of the summary'))
    .addHelpText('after', '\nExit status: 0 when every check passed, 1 when any failed (all failed checks are listed by name).')
    .action(async (bundleDir: string, options: VerifyOptions) => (await import('../actions/verify-action.js')).verifyAction(bundleDir, options));
}
