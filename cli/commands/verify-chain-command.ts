import { Command } from 'commander';
import { jsonOption } from '../options/index.js';
import type { VerifyChainOptions } from '../actions/verify-chain-action.js';
import { parsePositiveInteger } from '../parse-options.js';

export function verifyChainCommand(): Command {
  return new Command('verify-chain')
    .description(
      "check a sequence of periods end to end: every bundle, each remainder carried to the next, no period missing or published twice, the totals and the formula's plan",
    )
    .argument('<dirs...>', 'bundle folders, run folders, or a folder of run folders (e.g. out), in any order')
    .option('--formula <path>', 'the published formula, to check every bundle was made under it')
    .option('--verification-key <path>', "the ceremony's verification key (default: the one committed for each formula's circuit)")
    .option(
      '--allow-demo-beacon',
      'accept demo beacons (or ones given by hand) with a note, for demo runs; without it such a bundle fails beacon.authenticated',
    )
    .option('--threads <n>', 'hashing threads (default: one per CPU)', parsePositiveInteger('--threads'))
    .addOption(jsonOption('print the full result as one JSON document instead of the summary'))
    .addHelpText('after', '\nExit status: 0 when every bundle and every chain check passed, 1 when any failed (listed by name).')
    .action(async (dirs: string[], options: VerifyChainOptions) => (await import('../actions/verify-chain-action.js')).verifyChainAction(dirs, options));
}
