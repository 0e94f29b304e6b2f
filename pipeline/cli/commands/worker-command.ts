import { Command } from 'commander';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import {
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_QUEUE_PREFIX,
  isValidQueuePrefix,
  NightlyRunWorker,
  ProveBatchWorker,
  redactRedisUrl,
  resolveRedisUrl,
} from '../../../jobs/index.js';
import { DEFAULT_DATABASE_PATH } from '../../db/index.js';
import { UsageError } from '../../errors/index.js';
import { nightlyStep } from '../nightly-step.js';
import { beaconOptions } from '../parse-beacon.js';
import { parsePositiveInteger } from '../parse-options.js';
import { DEFAULT_FORMULA_PATH, DEFAULT_OUT_DIR } from '../pipeline-context.js';

interface WorkerOptions {
  redis?: string;
  concurrency: number;
  prefix: string;
  lockDuration: number;
  coordinator: boolean;
  db: string;
  formula: string;
  out: string;
  artifacts?: string;
  artifactsRoot?: string;
  beaconCommand?: string;
}

/** Writes an error line, but not the same one again and again (a Redis that is down is reported once until it changes). */
function errorReporter(prefix: string): (error: Error) => void {
  let last = '';
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    process.stderr.write(`${prefix}: ${error.message}\n`);
  };
}

/**
 * `stones worker`: proves the prove-batch jobs of every run (queue `prove`) until SIGTERM or
 * SIGINT, which stop it taking jobs, let the proofs in hand finish, and exit 0. It never opens
 * DuckDB: each job carries its batch's witness input. With --coordinator it is also the one
 * process that owns the database: it takes the nightly jobs of the Job Scheduler (queue `runs`).
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('prove the batches of runs added through Redis, on this machine, until SIGTERM; with --coordinator also run the scheduled nightly runs')
    .option('--redis <url>', 'redis://[:password@]host:port[/db] or rediss:// for TLS (default: REDIS_URL)')
    .option('--concurrency <n>', 'batches proved at once, one prove thread each', parsePositiveInteger('--concurrency'), 1)
    .option('--prefix <name>', 'key prefix of the queues in Redis, one per deployment sharing a Redis', DEFAULT_QUEUE_PREFIX)
    .option(
      '--lock-duration <ms>',
      "a job's lock, renewed while it is proved; the batch of a worker that died is given to another after about twice this",
      parsePositiveInteger('--lock-duration'),
      DEFAULT_LOCK_DURATION_MS,
    )
    .option('--beacon-command <cmd>', 'with --coordinator: a shell command that prints each run\'s beacon once public randomness after its data root exists (STONES_RUN_ID, STONES_DATA_ROOT, STONES_PERIOD in its environment); without it nightly runs use the DEMO beacon')
    .option('--artifacts-root <dir>', "where each circuit's committed artifacts are, a folder per instance (default the package's circuits/artifacts)")
    .option('--coordinator', 'also take the nightly runs of `stones schedule` (queue runs): this process then owns the database; run one per deployment', false)
    .option('--db <path>', 'with --coordinator: the DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--formula <path>', 'with --coordinator: the published formula', DEFAULT_FORMULA_PATH)
    .option('--out <dir>', 'with --coordinator: where run folders are written', DEFAULT_OUT_DIR)
    .option('--artifacts <dir>', "with --coordinator: the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-v2-b<B>-n<N>)")
    .action(async (options: WorkerOptions) => {
      if (!isValidQueuePrefix(options.prefix)) {
        throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${options.prefix}"`);
      }
      const { beaconSource } = beaconOptions({ beaconCommand: options.beaconCommand });
      const url = resolveRedisUrl({ option: options.redis });
      const where = `Redis ${redactRedisUrl(url)}, prefix ${options.prefix}`;
      const prover = new ProveBatchWorker({ url, prefix: options.prefix, concurrency: options.concurrency, lockDurationMs: options.lockDuration, artifactsRoot: options.artifactsRoot });
      const { worker } = prover;
      worker.on('error', errorReporter('stones worker'));
      worker.on('active', (job) => process.stdout.write(`proving: batch ${job.data.batch} of run ${job.data.runId} (job ${job.id})\n`));
      worker.on('completed', (job, result) =>
        process.stdout.write(`proved: batch ${job.data.batch} of run ${job.data.runId} in ${(result.ms / 1000).toFixed(1)} s\n`),
      );
      worker.on('failed', (job, error) =>
        process.stderr.write(`failed: batch ${job?.data.batch} of run ${job?.data.runId} (attempt ${job?.attemptsMade}): ${error.message}\n`),
      );
      const log = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      const nightly = options.coordinator
        ? new NightlyRunWorker({ url, prefix: options.prefix }, nightlyStep({ url, prefix: options.prefix, db: options.db, formula: options.formula, out: options.out, artifacts: options.artifacts, beaconSource, log }))
        : undefined;
      nightly?.worker.on('error', errorReporter('stones coordinator'));
      nightly?.worker.on('failed', (job, error) => process.stderr.write(`nightly: job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}\n`));
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      await worker.waitUntilReady();
      await nightly?.worker.waitUntilReady();
      process.stdout.write(`worker: ready, concurrency ${prover.concurrency}${nightly ? `, coordinator of ${options.db}` : ''} (${where})\n`);
      const signal = await stopped;
      process.stdout.write(`worker: ${signal}, finishing the jobs in hand\n`);
      if (nightly) {
        // A nightly run can take hours: it is handed back to the queue, not waited for; the
        // next coordinator takes it up from what the job remembered.
        const handedBack = await nightly.handBack();
        if (handedBack !== undefined) process.stdout.write(`nightly: job ${handedBack} handed back to the queue, for the next coordinator\n`);
      }
      await prover.close();
      process.stdout.write('worker: stopped\n');
      if (nightly) process.exit(0); // the handed-back run's stages are still pending on this event loop
    });
}
