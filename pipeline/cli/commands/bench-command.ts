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
  coins: number;
  batches: number;
  users: number;
  threads: number;
  verifications: number;
}

function proveBenchCommand(): Command {
  return new Command('prove')
    .description(
      'users proven per second with batch proofs against one proof per user (a depth-20 Merkle path, the same per-user checks), ' +
        "measured in the same run; the regulator's verification time per 10,000 users; workers for 1,000,000 users in 8 hours",
    )
    .option('--coins <n>', 'noise coins of the instance: 2048 (the published formula, B = 8) or 256 (the test instance, B = 2)', parsePositiveInteger('--coins'), 2048)
    .option('--batches <K>', 'batch proofs counted', parsePositiveInteger('--batches'), 24)
    .option('--users <M>', 'baseline proofs counted (one user each)', parsePositiveInteger('--users'), 48)
    .option('--threads <T>', 'prover worker threads for each circuit', parsePositiveInteger('--threads'), availableParallelism())
    .option('--verifications <V>', 'groth16.verify calls timed for each circuit', parsePositiveInteger('--verifications'), 50)
    .addHelpText(
      'after',
      '\nNeeds the Groth16 artifacts of both circuits in circuits/artifacts/ (stones ceremony --circuit\n' +
        'circuits/instances/<circuit>.circom): batch-award-b8-n2048 and single-award-d20-n2048, or with\n' +
        '--coins 256 batch-award-b2-n256 and single-award-d20-n256. One warm-up proof per thread of each\n' +
        'circuit is not counted; K and M multiples of T keep every thread busy.',
    )
    .action(async (options: ProveBenchCommandOptions) => {
      const { benchProve, formatProveBench } = await import('../../../bench/prove-bench.js');
      if (options.coins !== 2048 && options.coins !== 256) throw new UsageError(`--coins must be 2048 or 256, got ${options.coins}`);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await benchProve({ ...options, coins: options.coins, log });
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
        'test instance circuits/artifacts/batch-award-b2-n256; each worker runs one prover thread.',
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
    .addCommand(poseidonBenchCommand())
    .addCommand(privacyBenchCommand())
    .addCommand(proveBenchCommand())
    .addCommand(jobsBenchCommand());
}
