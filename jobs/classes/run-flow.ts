import { connectRedis } from './connect-redis.js';
import { FlowProducer, Queue, QueueEvents, type Job } from 'bullmq';
import { UsageError } from '../../pipeline/errors/index.js';
import type { AddedRunFlow, FinalizeData, FinalizeResult, JobsConnection, ProveBatchData, RunFlowPlan } from '../interfaces/index.js';
import { batchOfProveJobId, finalizeJobId, proveBatchJobId } from '../config/flow-job-ids.js';
import { DEFAULT_QUEUE_PREFIX, FLOW_JOB_NAMES, isValidQueuePrefix, QUEUE_NAMES } from '../config/queue-names.js';
import { workerConnectionOptions } from '../config/worker-connection-options.js';
import { RedisConnectionError } from './redis-connection-error.js';

/** How long connect() waits for Redis before it gives up with a RedisConnectionError. */
const READY_DEADLINE_MS = 8_000;
/** Attempts of a prove-batch job before it fails (and fails its run), with exponential backoff. */
export const PROVE_ATTEMPTS = 3;
const PROVE_BACKOFF_MS = 2_000;
/** Failed jobs kept for inspection; completed ones are removed (the `runs` table is the record). */
const KEEP_FAILED_JOBS = 1_000;

export interface FollowEvents {
  /** A prove-batch job of the run completed: `proved` of `batches` so far (as seen by this process). */
  onProved?: (event: { batch: number; proved: number; batches: number }) => void;
}

/**
 * One run's proving as one BullMQ flow: a `finalize` parent (queue `finalize`) whose children
 * are the run's `prove-batch` jobs (queue `prove`), one per batch. Children complete before
 * their parent, so the finalize job runs once every batch is proved; a child that still fails
 * after its retries fails the parent (`failParentOnFailure`), and with it the run. Job ids are
 * deterministic (`finalize-<run>`, `prove-<run>-b000042`), and a run whose flow is already in
 * Redis is not added again.
 */
export class RunFlow {
  private constructor(
    private readonly producer: FlowProducer,
    private readonly finalizeQueue: Queue<FinalizeData, FinalizeResult>,
    private readonly proveQueue: Queue<ProveBatchData>,
    private readonly finalizeEvents: QueueEvents,
    private readonly proveEvents: QueueEvents,
  ) {}

  /** Connects the producer, both queues and their event streams; a RedisConnectionError if Redis cannot be reached. */
  static async connect({ url, prefix = DEFAULT_QUEUE_PREFIX }: JobsConnection): Promise<RunFlow> {
    if (!isValidQueuePrefix(prefix)) {
      throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${prefix}"`);
    }
    // Probe first: closing BullMQ queues that never reached Redis can wait forever, so an
    // unreachable Redis must be found before any queue is made.
    await (await connectRedis(url, 'stones-coordinator-probe')).quit();
    const connection = workerConnectionOptions(url, 'stones-coordinator');
    const producer = new FlowProducer({ connection, prefix });
    const finalizeQueue = new Queue<FinalizeData, FinalizeResult>(QUEUE_NAMES.finalize, { connection, prefix });
    const proveQueue = new Queue<ProveBatchData>(QUEUE_NAMES.prove, { connection, prefix });
    const finalizeEvents = new QueueEvents(QUEUE_NAMES.finalize, { connection, prefix });
    const proveEvents = new QueueEvents(QUEUE_NAMES.prove, { connection, prefix });
    const flow = new RunFlow(producer, finalizeQueue, proveQueue, finalizeEvents, proveEvents);
    let lastError: unknown;
    const keep = (error: unknown): void => {
      lastError = error;
    };
    producer.on('error', keep);
    finalizeQueue.on('error', keep);
    proveQueue.on('error', keep);
    finalizeEvents.on('error', keep);
    proveEvents.on('error', keep);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all([producer.waitUntilReady(), finalizeQueue.waitUntilReady(), proveQueue.waitUntilReady(), finalizeEvents.waitUntilReady(), proveEvents.waitUntilReady()]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer in time')), READY_DEADLINE_MS);
        }),
      ]);
    } catch (error) {
      await flow.close(true);
      throw new RedisConnectionError(url, RedisConnectionError.reasonOf(lastError ?? error), { cause: lastError ?? error });
    } finally {
      clearTimeout(timer);
    }
    return flow;
  }

  /**
   * Adds the run's flow unless it is already in Redis (waiting for its children, waiting or
   * active): then nothing is added and `added` is false. A run whose finalize job failed is
   * removed with its children and added afresh (a retry of the run).
   */
  async addRun(plan: RunFlowPlan): Promise<AddedRunFlow> {
    const { runId } = plan.finalize;
    const parentId = finalizeJobId(runId);
    const childIds = plan.batches.map((batch) => proveBatchJobId(runId, batch.batch));
    const existing = await this.finalizeQueue.getJob(parentId);
    if (existing !== undefined) {
      const state = await existing.getState();
      if (state !== 'failed') return { parentId, added: false, childIds };
      await existing.remove({ removeChildren: true });
    }
    await this.producer.add({
      name: FLOW_JOB_NAMES.finalize,
      queueName: QUEUE_NAMES.finalize,
      data: plan.finalize,
      opts: { jobId: parentId, attempts: 1, removeOnComplete: true, removeOnFail: { count: KEEP_FAILED_JOBS } },
      children: plan.batches.map((data, index) => ({
        name: FLOW_JOB_NAMES.proveBatch,
        queueName: QUEUE_NAMES.prove,
        data,
        opts: {
          jobId: childIds[index],
          attempts: PROVE_ATTEMPTS,
          backoff: { type: 'exponential', delay: PROVE_BACKOFF_MS },
          removeOnComplete: true,
          removeOnFail: { count: KEEP_FAILED_JOBS },
          failParentOnFailure: true,
        },
      })),
    });
    return { parentId, added: true, childIds };
  }

  /**
   * Waits until the run's finalize job ends: its result, or an Error with the reason it (or the
   * prove-batch child that failed it) failed.
   */
  async follow(runId: string, batches: number, events: FollowEvents = {}): Promise<FinalizeResult> {
    const parentId = finalizeJobId(runId);
    const proved = new Set<number>();
    const onCompleted = ({ jobId }: { jobId: string }): void => {
      const batch = batchOfProveJobId(runId, jobId);
      if (batch === undefined || proved.has(batch)) return;
      proved.add(batch);
      events.onProved?.({ batch, proved: proved.size, batches });
    };
    this.proveEvents.on('completed', onCompleted);
    try {
      const job: Job<FinalizeData, FinalizeResult> | undefined = await this.finalizeQueue.getJob(parentId);
      if (job === undefined) throw new Error(`run ${runId} has no finalize job in Redis (${parentId})`);
      return (await job.waitUntilFinished(this.finalizeEvents)) as FinalizeResult;
    } finally {
      this.proveEvents.off('completed', onCompleted);
    }
  }

  /** Job counts by state of the prove and finalize queues (for tests and `stones runs`). */
  async counts(): Promise<{ prove: Record<string, number>; finalize: Record<string, number> }> {
    const states = ['waiting', 'waiting-children', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
    return {
      prove: await this.proveQueue.getJobCounts(...states),
      finalize: await this.finalizeQueue.getJobCounts(...states),
    };
  }

  async close(force = false): Promise<void> {
    const all = [this.proveEvents, this.finalizeEvents, this.proveQueue, this.finalizeQueue, this.producer];
    if (force) {
      await Promise.all(all.map((item) => item.disconnect().catch(() => undefined)));
      return;
    }
    await Promise.all(all.map((item) => item.close().catch(() => undefined)));
  }
}
