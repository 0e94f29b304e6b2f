import { Command } from 'commander';
import { dbOption, jsonOption } from '../options/index.js';
import type { CrystalsOptions } from '../actions/crystals-action.js';

export function crystalsCommand(): Command {
  return new Command('crystals')
    .description(
      "one owner's crystal balance history: each accepted event in order with the running balance, and the owner's quarantined events with their reasons",
    )
    .requiredOption('--user <user_id>', 'the owner (user_id)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: CrystalsOptions) => (await import('../actions/crystals-action.js')).crystalsAction(options));
}
