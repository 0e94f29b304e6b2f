import { Command } from 'commander';
import type { ScoreOptions } from '../actions/score-action.js';
import { dbOption, formulaOption, jsonOption } from '../options/index.js';

export function scoreCommand(): Command {
  return new Command('score')
    .description(
      'score a committed run: draw its verifiable noise from a public beacon and compute the scores and awards, recorded in the database ' +
        '(refused before anything is drawn when the period is not closed or its budget is spent); then stones publish --run',
    )
    .requiredOption('--run <run_id>', 'a committed run (stones commit prints it)')
    .requiredOption(
      '--beacon <hex>',
      'a beacon given by hand, fixed after the data root was recorded (not authenticated: stones verify fails it without --allow-demo-beacon; stones run --beacon-command takes the drand round after an on-chain anchor)',
    )
    .addOption(formulaOption())
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: ScoreOptions) => (await import('../actions/score-action.js')).scoreAction(options));
}
