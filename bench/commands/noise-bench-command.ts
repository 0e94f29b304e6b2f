import { Command } from 'commander';
import { parsePositiveInteger } from '../parse-positive-integer.js';

export function noiseBenchCommand(): Command {
  return new Command('noise')
    .description(
      'the utility of the score noise: on the bundled sample (or --users N generated owners), correlation of award with true score and median relative award error, for the formula and other k and n, next to formula version 1',
    )
    .option('--users <n>', 'a generated population of this many owners instead of the bundled sample', parsePositiveInteger('--users'))
    .option('--rounds <n>', 'draws of the noise per design', parsePositiveInteger('--rounds'), 50)
    .option('--formula <path>', 'the formula', 'formula.json')
    .action(async (options: { users?: number; rounds: number; formula: string }) => {
      const { benchNoise, formatNoiseBench } = await import('../noise-bench.js');
      process.stdout.write(`${formatNoiseBench(await benchNoise({ formulaPath: options.formula, users: options.users, rounds: options.rounds }))}\n`);
    });
}
