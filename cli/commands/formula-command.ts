import { Command } from 'commander';
import { formulaOption, jsonOption } from '../options/index.js';
import type { FormulaOptions } from '../actions/formula-action.js';

/** `stones formula`: what the published formula promises and costs, from the exact accountant. */
export function formulaCommand(): Command {
  return new Command('formula')
    .description(
      "the formula's privacy and noise: certified epsilon per user-day, the least n that meets its target, the noise sd, and epsilon against noise for other k and n",
    )
    .addOption(formulaOption('the formula'))
    .addOption(jsonOption())
    .action(async (options: FormulaOptions) => (await import('../actions/formula-action.js')).formulaAction(options));
}
