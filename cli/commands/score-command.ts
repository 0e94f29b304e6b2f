import { Command } from 'commander';
import { dbOption, formulaOption, jsonOption, outOption } from '../options/index.js';
import type { ScoreOptions } from '../actions/score-action.js';

export function scoreCommand(): Command {
  return new Command('score')
    .description(
      'finish a committed run without proving it: draw its verifiable noise from a public beacon and compute the awards (score), ' +
        "release the period's DP statistics (statistics), and write the run folder <out>/<run_id>/ (publish); then stones prove --run",
    )
    .requiredOption('--run <run_id>', 'a committed run (stones commit prints it)')
    .requiredOption('--beacon <hex>', 'public randomness fixed after the data root was recorded (e.g. a beacon round or block hash)')
    .addOption(formulaOption())
    .addOption(dbOption())
    .addOption(outOption())
    .addOption(jsonOption())
    .action(async (options: ScoreOptions) => (await import('../actions/score-action.js')).scoreAction(options));
}
