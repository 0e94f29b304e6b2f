import { Command } from 'commander';

export function benchCommand(): Command {
  return new Command('bench').description('benchmarks that print ratios against a baseline measured in the same run');
}
