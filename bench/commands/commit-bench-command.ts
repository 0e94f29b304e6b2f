import { Command } from 'commander';
import { benchCommit, formatCommitBench } from '../commit-bench.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';

export function commitBenchCommand(): Command {
  return new Command('commit')
    .description('commit, score and publish synthetic users; leaves per second against circomlibjs on one thread')
    .option('--users <n>', 'synthetic users', parsePositiveInteger('--users'), 100_000)
    .option('--formula <path>', 'the published formula', 'formula.json')
    .action(async (options: { users: number; formula: string }) => {
      process.stdout.write(`${formatCommitBench(await benchCommit(options.users, options.formula))}\n`);
    });
}
