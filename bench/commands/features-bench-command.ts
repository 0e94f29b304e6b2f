import { Command } from 'commander';
import { benchFeatures, formatFeaturesBench } from '../features-bench.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';

export function featuresBenchCommand(): Command {
  return new Command('features')
    .description('compute one month of features over synthetic trips, next to a plain GROUP BY of the same month')
    .option('--trips <n>', 'synthetic trips over four months', parsePositiveInteger('--trips'), 1_000_000)
    .option('--repeats <n>', 'runs of each (the median is reported)', parsePositiveInteger('--repeats'), 3)
    .action(async (options: { trips: number; repeats: number }) => {
      const row = await benchFeatures(options.trips, options.repeats);
      process.stdout.write(`${formatFeaturesBench(row, options.repeats)}\n`);
    });
}
