import { Command } from 'commander';
import { dbOption, formulaOption, jsonOption } from '../options/index.js';
import type { CommitOptions } from '../actions/commit-action.js';

export function commitCommand(): Command {
  return new Command('commit')
    .description("compute a period's features under the formula's caps, commit them (salted Poseidon leaves, batch trees) and record the data root in `runs`")
    .requiredOption('--period <YYYY-MM>', 'the month')
    .option('--tz <zone>', 'IANA time zone of the period calendar', 'UTC')
    .addOption(formulaOption())
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: CommitOptions) => (await import('../actions/commit-action.js')).commitAction(options));
}
