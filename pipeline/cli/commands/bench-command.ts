import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { benchCommit, formatCommitBench } from '../../../bench/commit-bench.js';
import { benchFeatures, formatFeaturesBench } from '../../../bench/features-bench.js';
import { benchIngest, formatIngestBench } from '../../../bench/ingest-bench.js';
import { benchPoseidon } from '../../../bench/poseidon-bench.js';
import { benchPrivacy, formatPrivacyBench } from '../../../bench/privacy-bench.js';
import { UsageError } from '../../errors/index.js';
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

function noiseBenchCommand(): Command {
  return new Command('noise')
    .description('the utility of the score noise: on the bundled sample (or --users N generated owners), correlation of award with true score and median relative award error, for the formula and other k and n, next to formula version 1')
    .option('--users <n>', 'a generated population of this many owners instead of the bundled sample', parsePositiveInteger('--users'))
    .option('--rounds <n>', 'draws of the noise per design', parsePositiveInteger('--rounds'), 50)
    .option('--formula <path>', 'the formula', 'formula.json')
    .action(async (options: { users?: number; rounds: number; formula: string }) => {
      const { benchNoise, formatNoiseBench } = await import('../../../bench/noise-bench.js');
      process.stdout.write(`${formatNoiseBench(await benchNoise({ formulaPath: options.formula, users: options.users, rounds: options.rounds }))}\n`);
    });
}

function poseidonBenchCommand(): Command {
  return new Command('poseidon')
    .description('microseconds per hash of every circomlib-compatible Poseidon implementation, against circomlibjs')
    .action(async () => {
      process.stdout.write(`${await benchPoseidon()}\n`);
    });
}

function privacyBenchCommand(): Command {
  return new Command('privacy')
    .description('samples per second of the exact discrete Laplace and discrete Gaussian samplers at several scales, next to a naive floating-point Laplace measured in the same run')
    .option('--ms <n>', 'milliseconds per timed run', parsePositiveInteger('--ms'), 200)
    .option('--repeats <n>', 'timed runs of each (the median is reported)', parsePositiveInteger('--repeats'), 5)
    .action((options: { ms: number; repeats: number }) => {
      process.stdout.write(`${formatPrivacyBench(benchPrivacy({ msPerRun: options.ms, repeats: options.repeats }))}\n`);
    });
}

interface ProveBenchCommandOptions {
  batchSize: number[];
  batches: number;
  users: number;
  threads: number;
  verifications: number;
}

function collectBatchSize(value: string, previous: number[] | undefined): number[] {
  const size = parsePositiveInteger('--batch-size')(value);
  return [...(previous ?? []), size];
}

function proveBenchCommand(): Command {
  return new Command('prove')
    .description(
      'owners proven per second with batch proofs against one proof per owner (a depth-20 Merkle path, the same per-owner checks), ' +
        "measured in the same run, for one or more batch sizes; the regulator's verification time per 10,000 owners; workers for 1,000,000 owners in 8 hours",
    )
    .option('--batch-size <B>', 'a batch size to measure (repeat for several: --batch-size 8 --batch-size 16 --batch-size 32); default: the published formula\'s', collectBatchSize)
    .option('--batches <K>', 'batch proofs counted for each batch size', parsePositiveInteger('--batches'), 12)
    .option('--users <M>', 'baseline proofs counted (one owner each)', parsePositiveInteger('--users'), 48)
    .option('--threads <T>', 'prover worker threads for each circuit', parsePositiveInteger('--threads'), availableParallelism())
    .option('--verifications <V>', 'groth16.verify calls timed for each circuit', parsePositiveInteger('--verifications'), 50)
    .addHelpText(
      'after',
      '\nNeeds the Groth16 artifacts in circuits/artifacts/ (stones ceremony --circuit circuits/instances/<circuit>.circom)\n' +
        'of batch-award-v2-b<B>-n128 for each batch size and of the baseline single-award-v2-d20-n128 (B = 2 is the\n' +
        'test instance). One warm-up proof per thread of each circuit is not counted; K and M multiples of T keep\n' +
        'every thread busy.',
    )
    .action(async (options: ProveBenchCommandOptions) => {
      const { benchProve, formatProveBench } = await import('../../../bench/prove-bench.js');
      const { loadFormula, publishedFormulaPath } = await import('../../scoring/index.js');
      const batchSizes = options.batchSize ?? [(await loadFormula(publishedFormulaPath())).formula.batch_size];
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await benchProve({ ...options, batchSizes, log });
      process.stdout.write(`${formatProveBench(result)}\n`);
    });
}

function jobsBenchCommand(): Command {
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
        'test instance circuits/artifacts/batch-award-v2-b2-n128; each worker runs one prover thread.',
    )
    .action(async (options: { users: number; repeats: number }) => {
      const { benchJobs, formatJobsBench } = await import('../../../bench/jobs-bench.js');
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await benchJobs({ users: options.users, repeats: options.repeats, log });
      process.stdout.write(`${formatJobsBench(result)}\n`);
    });
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('benchmarks that print ratios against a baseline measured in the same run')
    .addCommand(ingestBenchCommand())
    .addCommand(featuresBenchCommand())
    .addCommand(commitBenchCommand())
    .addCommand(noiseBenchCommand())
    .addCommand(poseidonBenchCommand())
    .addCommand(privacyBenchCommand())
    .addCommand(proveBenchCommand())
    .addCommand(jobsBenchCommand());
}
