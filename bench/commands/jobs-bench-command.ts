import { Command } from 'commander';
import { parsePositiveInteger } from '../parse-positive-integer.js';

export function jobsBenchCommand(): Command {
  return new Command('jobs')
    .description(
      'the same input run embedded and through BullMQ (this process the coordinator, in-process stones workers): ' +
        'the overhead of Redis against the embedded run, and proving throughput with 1 and 2 workers, measured in the same run',
    )
    .option('--users <n>', 'users generated (2 users a batch on the small test circuit)', parsePositiveInteger('--users'), 12)
    .option('--repeats <n>', 'rounds of the three timed runs (the median is reported)', parsePositiveInteger('--repeats'), 2)
    .addHelpText(
      'after',
      '\nUses REDIS_URL, or starts a redis-server of its own on a free localhost port (stopped afterwards);\n' +
        'its queues get a prefix of their own and are deleted afterwards. Proves with the committed small\n' +
        'test instance circuits/artifacts/batch-award-v3-b2-n128; each worker runs one prover thread.',
    )
    .action(async (options: { users: number; repeats: number }) => {
      const { benchJobs, formatJobsBench } = await import('../jobs-bench.js');
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await benchJobs({ users: options.users, repeats: options.repeats, log });
      process.stdout.write(`${formatJobsBench(result)}\n`);
    });
}
