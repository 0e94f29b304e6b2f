import { Command } from 'commander';
import { jsonOption, outOption } from '../options/index.js';
import type { HandoffOptions } from '../actions/handoff-action.js';

/** `stones handoff --run RUN [--out DIR]`: the hand-off to the award engine of a published run, as one JSON document. */
export function handoffCommand(): Command {
  return new Command('handoff')
    .description(
      "print the hand-off to the award engine of a published run (run id, period, awards.arrow and awards.parquet with their SHA-256) as one JSON document, from the run folder's handoff.json; no database",
    )
    .requiredOption('--run <run_id>', 'a published run (stones run prints it)')
    .addOption(outOption('where run folders are'))
    .addOption(jsonOption('accepted for consistency: the output is always one JSON document'))
    .action(async (options: HandoffOptions) => (await import('../actions/handoff-action.js')).handoffAction(options));
}
