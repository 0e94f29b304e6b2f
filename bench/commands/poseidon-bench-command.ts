import { Command } from 'commander';
import { benchPoseidon } from '../poseidon-bench.js';

export function poseidonBenchCommand(): Command {
  return new Command('poseidon')
    .description('microseconds per hash of every circomlib-compatible Poseidon implementation, against circomlibjs')
    .action(async () => {
      process.stdout.write(`${await benchPoseidon()}\n`);
    });
}
