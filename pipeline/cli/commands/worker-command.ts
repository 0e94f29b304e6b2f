import { Command } from 'commander';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { DEFAULT_LOCK_DURATION_MS, DEFAULT_QUEUE_PREFIX, isValidQueuePrefix, ProveBatchWorker, redactRedisUrl, resolveRedisUrl } from '../../../jobs/index.js';
import { UsageError } from '../../errors/index.js';
import { parsePositiveInteger } from '../parse-options.js';

interface WorkerOptions {
  redis?: string;
  concurrency: number;
  prefix: string;
  lockDuration: number;
}

/**
 * `stones worker`: proves the prove-batch jobs of every run (queue `prove`) until SIGTERM or
 * SIGINT, which stop it taking jobs, let the proofs in hand finish, and exit 0. It never opens
 * DuckDB: each job carries its batch's witness input.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('prove the batches of runs added through Redis (`stones run --redis`), on this machine, until SIGTERM')
    .option('--redis <url>', 'redis://[:password@]host:port[/db] or rediss:// for TLS (default: REDIS_URL)')
    .option('--concurrency <n>', 'batches proved at once, one prove thread each', parsePositiveInteger('--concurrency'), 1)
    .option('--prefix <name>', 'key prefix of the queues in Redis, one per deployment sharing a Redis', DEFAULT_QUEUE_PREFIX)
    .option(
      '--lock-duration <ms>',
      "a job's lock, renewed while it is proved; the batch of a worker that died is given to another after about twice this",
      parsePositiveInteger('--lock-duration'),
      DEFAULT_LOCK_DURATION_MS,
    )
    .action(async (options: WorkerOptions) => {
      if (!isValidQueuePrefix(options.prefix)) {
        throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${options.prefix}"`);
      }
      const url = resolveRedisUrl({ option: options.redis });
      const where = `Redis ${redactRedisUrl(url)}, prefix ${options.prefix}`;
      const prover = new ProveBatchWorker({ url, prefix: options.prefix, concurrency: options.concurrency, lockDurationMs: options.lockDuration });
      const { worker } = prover;
      worker.on('error', (error) => process.stderr.write(`stones worker: ${error.message}\n`));
      worker.on('active', (job) => process.stdout.write(`proving: batch ${job.data.batch} of run ${job.data.runId} (job ${job.id})\n`));
      worker.on('completed', (job, result) =>
        process.stdout.write(`proved: batch ${job.data.batch} of run ${job.data.runId} in ${(result.ms / 1000).toFixed(1)} s\n`),
      );
      worker.on('failed', (job, error) =>
        process.stderr.write(`failed: batch ${job?.data.batch} of run ${job?.data.runId} (attempt ${job?.attemptsMade}): ${error.message}\n`),
      );
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      await worker.waitUntilReady();
      process.stdout.write(`worker: ready, concurrency ${prover.concurrency} (${where})\n`);
      const signal = await stopped;
      process.stdout.write(`worker: ${signal}, finishing the jobs in hand\n`);
      await prover.close();
      process.stdout.write('worker: stopped\n');
    });
}
