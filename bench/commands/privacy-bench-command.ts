import { Command } from 'commander';
import { benchPrivacy, formatPrivacyBench } from '../privacy-bench.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';

export function privacyBenchCommand(): Command {
  return new Command('privacy')
    .description(
      'samples per second of the exact discrete Laplace and discrete Gaussian samplers at several scales, next to a naive floating-point Laplace measured in the same run',
    )
    .option('--ms <n>', 'milliseconds per timed run', parsePositiveInteger('--ms'), 200)
    .option('--repeats <n>', 'timed runs of each (the median is reported)', parsePositiveInteger('--repeats'), 5)
    .action((options: { ms: number; repeats: number }) => {
      process.stdout.write(`${formatPrivacyBench(benchPrivacy({ msPerRun: options.ms, repeats: options.repeats }))}\n`);
    });
}
