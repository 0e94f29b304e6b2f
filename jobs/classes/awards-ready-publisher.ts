import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { UsageError } from '../../pipeline/errors/index.js';
import type { AwardsReadyData, AwardsReadyPublished, JobsConnection } from '../interfaces/index.js';
import { awardsReadyJobId } from '../config/awards-ready-job-id.js';
import { AWARDS_READY_JOB_NAME, DEFAULT_QUEUE_PREFIX, isValidQueuePrefix, QUEUE_NAMES } from '../config/queue-names.js';
import { connectRedis } from './connect-redis.js';

/** Attempts the award engine's worker gets at a hand-off before it stays failed, with exponential backoff. */
const AWARDS_READY_ATTEMPTS = 5;
const AWARDS_READY_BACKOFF_MS = 10_000;

/**
 * Adds a published run's hand-off to the `awards-ready` queue, where the award engine's own
 * BullMQ worker picks it up. The job id is `awards-ready-<run_id>`, and the run's jobs are kept
 * in Redis once the engine completes them (one small job per run), so handing a run off again
 * (a re-run, a second coordinator) adds nothing. The data is built by the publishing stage;
 * this class only queues it.
 */
export class AwardsReadyPublisher {
  private constructor(
    readonly queue: Queue<AwardsReadyData>,
    private readonly connection: Redis,
  ) {}

  /** Connects to the queue; a RedisConnectionError if Redis cannot be reached. */
  static async connect({ url, prefix = DEFAULT_QUEUE_PREFIX }: JobsConnection): Promise<AwardsReadyPublisher> {
    if (!isValidQueuePrefix(prefix)) {
      throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${prefix}"`);
    }
    const connection = await connectRedis(url, 'stones-awards-ready');
    const queue = new Queue<AwardsReadyData>(QUEUE_NAMES.awardsReady, { connection, prefix });
    queue.on('error', () => undefined); // the connection's errors surface as failed commands
    return new AwardsReadyPublisher(queue, connection);
  }

  /** Adds the run's `awards-ready` job unless the run was handed off already. */
  async publish(data: AwardsReadyData): Promise<AwardsReadyPublished> {
    const jobId = awardsReadyJobId(data.run_id);
    if ((await this.queue.getJob(jobId)) !== undefined) return { jobId, added: false };
    await this.queue.add(AWARDS_READY_JOB_NAME, data, {
      jobId,
      attempts: AWARDS_READY_ATTEMPTS,
      backoff: { type: 'exponential', delay: AWARDS_READY_BACKOFF_MS },
      removeOnComplete: false,
      removeOnFail: false,
    });
    return { jobId, added: true };
  }

  async close(): Promise<void> {
    try {
      await this.queue.close();
    } finally {
      await this.connection.quit().catch(() => this.connection.disconnect());
    }
  }
}
