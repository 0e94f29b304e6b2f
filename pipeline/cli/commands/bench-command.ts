import { join } from 'node:path';
import { Command } from 'commander';
import { benchCommit, formatCommitBench } from '../../../bench/commit-bench.js';
import { benchFeatures, formatFeaturesBench } from '../../../bench/features-bench.js';
import { benchIngest, formatIngestBench } from '../../../bench/ingest-bench.js';
import { benchPoseidon } from '../../../bench/poseidon-bench.js';
import { parsePositiveInteger } from '../parse-options.js';

interface IngestBenchCommandOptions {
  trips: number;
  repeats: number;
  dir: string;
  seed: number;
}

function ingestBenchCommand(): Command {
  return new Command('ingest')
    .description('generate trips, load them from CSV and from Parquet, and compare with a plain DuckDB load of the same file')
    .option('--trips <n>', 'trips to generate', parsePositiveInteger('--trips'), 1_000_000)
    .option('--repeats <n>', 'runs of each load (the median is reported)', parsePositiveInteger('--repeats'), 3)
    .option('--dir <path>', 'scratch directory (removed afterwards)', join('bench', 'tmp'))
    .option('--seed <n>', 'generator seed', parsePositiveInteger('--seed'), 1)
    .action(async (options: IngestBenchCommandOptions) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const rows = await benchIngest(
        { trips: options.trips, repeats: options.repeats, directory: options.dir, seed: options.seed },
        log,
      );
      process.stdout.write(`${formatIngestBench(rows, options.repeats)}\n`);
    });
}

function featuresBenchCommand(): Command {
  return new Command('features')
    .description('compute one month of features over synthetic trips, next to a plain GROUP BY of the same month')
    .option('--trips <n>', 'synthetic trips over four months', parsePositiveInteger('--trips'), 1_000_000)
    .option('--repeats <n>', 'runs of each (the median is reported)', parsePositiveInteger('--repeats'), 3)
    .action(async (options: { trips: number; repeats: number }) => {
      const row = await benchFeatures(options.trips, options.repeats);
      process.stdout.write(`${formatFeaturesBench(row, options.repeats)}\n`);
    });
}

function commitBenchCommand(): Command {
  return new Command('commit')
    .description('commit, score and publish synthetic users; leaves per second against circomlibjs on one thread')
    .option('--users <n>', 'synthetic users', parsePositiveInteger('--users'), 100_000)
    .option('--formula <path>', 'the published formula', 'formula.json')
    .action(async (options: { users: number; formula: string }) => {
      process.stdout.write(`${formatCommitBench(await benchCommit(options.users, options.formula))}\n`);
    });
}

function poseidonBenchCommand(): Command {
  return new Command('poseidon')
    .description('microseconds per hash of every circomlib-compatible Poseidon implementation, against circomlibjs')
    .action(async () => {
      process.stdout.write(`${await benchPoseidon()}\n`);
    });
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('benchmarks that print ratios against a baseline measured in the same run')
    .addCommand(ingestBenchCommand())
    .addCommand(featuresBenchCommand())
    .addCommand(commitBenchCommand())
    .addCommand(poseidonBenchCommand());
}
