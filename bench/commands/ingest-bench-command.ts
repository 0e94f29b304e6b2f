import { join } from 'node:path';
import { Command } from 'commander';
import { benchIngest, formatIngestBench } from '../ingest-bench.js';
import { parsePositiveInteger } from '../parse-positive-integer.js';

interface IngestBenchCommandOptions {
  trips: number;
  repeats: number;
  dir: string;
  seed: number;
}

export function ingestBenchCommand(): Command {
  return new Command('ingest')
    .description('generate trips, load them from CSV and from Parquet, and compare with a plain DuckDB load of the same file')
    .option('--trips <n>', 'trips to generate', parsePositiveInteger('--trips'), 1_000_000)
    .option('--repeats <n>', 'runs of each load (the median is reported)', parsePositiveInteger('--repeats'), 3)
    .option('--dir <path>', 'scratch directory (removed afterwards)', join('bench', 'tmp'))
    .option('--seed <n>', 'generator seed', parsePositiveInteger('--seed'), 1)
    .action(async (options: IngestBenchCommandOptions) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const rows = await benchIngest({ trips: options.trips, repeats: options.repeats, directory: options.dir, seed: options.seed }, log);
      process.stdout.write(`${formatIngestBench(rows, options.repeats)}\n`);
    });
}
