import { connectRedis } from './connect-redis.js';
import { FlowProducer, Queue, QueueEvents, type Job } from 'bullmq';
import { UsageError } from '../../pipeline/errors/index.js';
import type { AddedRunFlow, FinalizeData, FinalizeResult, JobsConnection, ProveBatchData, ProveBatchResult, RunFlowPlan } from '../interfaces/index.js';
import { batchOfProveJobId, finalizeJobId, proveBatchJobId } from '../config/flow-job-ids.js';
import { DEFAULT_QUEUE_PREFIX, FLOW_JOB_NAMES, isValidQueuePrefix, QUEUE_NAMES } from '../config/queue-names.js';
import { workerConnectionOptions } from '../config/worker-connection-options.js';
import { JobFailedError } from './job-failed-error.js';
import type { WitnessKey } from './witness-key.js';
import { RedisConnectionError } from './redis-connection-error.js';

/** How long connect() waits for Redis before it gives up with a RedisConnectionError. */
const READY_DEADLINE_MS = 8_000;
/** Attempts of a prove-batch job before it fails (and fails its run), with exponential backoff. */
const PROVE_ATTEMPTS = 3;
const PROVE_BACKOFF_MS = 2_000;
/**
 * Failed jobs kept for their reason (their sealed witness is cleared); completed ones are
 * removed (the `runs` table is the record).
 */
const KEEP_FAILED_JOBS = 1_000;
/** How often a follower reads its run's state besides the events. */
const FOLLOW_POLL_MS = 1_000;

/** Where a coordinator's flows go, and the key their witnesses are sealed with for the workers. */
export interface RunFlowConnection extends JobsConnection {
  witnessKey: WitnessKey;
}

/** How the coordinator follows its run's flow (see RunFlow.follow). */
export interface FollowOptions {
  /** True once this process's finalize step has written the run's proofs. */
  finalized: () => boolean;
  /**
   * The run's finalize job is not in Redis and this process did not finalize it: either another
   * coordinator did (the proofs are in the bundle: return 'done'), or Redis lost the flow (a
   * restart without persistence): add what is missing again and return 'added'.
   */
  onMissing: () => Promise<'done' | 'added'>;
  /** A prove-batch job of the run completed (as this process's event stream saw it), with its result. */
  onProved?: (event: { batch: number; result: ProveBatchResult }) => Promise<void> | void;
  /** How often the flow's state is read, besides the events (default 1 s). */
  pollMs?: number;
}

/**
 * One run's proving as one BullMQ flow: a `finalize` parent (queue `finalize`) whose children
 * are the run's `prove-batch` jobs (queue `prove`), one per batch. Children complete before
 * their parent, so the finalize job runs once every batch is proved; a child that still fails
 * after its retries fails the parent (`failParentOnFailure`), and with it the run. Job ids are
 * deterministic (`finalize-<run>`, `prove-<run>-b000042`), and a run whose flow is already in
 * Redis is not added again. Each batch's witness input is sealed with the witness key before
 * it is added (nothing private in Redis in clear), and a failed run leaves no witness behind.
 */
export class RunFlow {
  private constructor(
    private readonly producer: FlowProducer,
    private readonly finalizeQueue: Queue<FinalizeData, FinalizeResult>,
    private readonly proveQueue: Queue<ProveBatchData>,
    private readonly finalizeEvents: QueueEvents,
    private readonly proveEvents: QueueEvents,
    private readonly witnessKey: WitnessKey,
  ) {}

  /** Connects the producer, both queues and their event streams; a RedisConnectionError if Redis cannot be reached. */
  static async connect({ url, prefix = DEFAULT_QUEUE_PREFIX, witnessKey }: RunFlowConnection): Promise<RunFlow> {
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
    const flow = new RunFlow(producer, finalizeQueue, proveQueue, finalizeEvents, proveEvents, witnessKey);
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
        Promise.all([
          producer.waitUntilReady(),
          finalizeQueue.waitUntilReady(),
          proveQueue.waitUntilReady(),
          finalizeEvents.waitUntilReady(),
          proveEvents.waitUntilReady(),
        ]),
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
    const planned = plan.batches.map((batch) => batch.batch);
    if (planned.length !== plan.finalize.batchIndices.length || planned.some((batch, i) => batch !== plan.finalize.batchIndices[i])) {
      throw new Error(`run ${runId}: the flow's batches and the finalize job's batchIndices differ`);
    }
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
      children: plan.batches.map(({ input, ...context }, index) => ({
        name: FLOW_JOB_NAMES.proveBatch,
        queueName: QUEUE_NAMES.prove,
        data: { ...context, sealedInput: this.witnessKey.seal(context, input) } satisfies ProveBatchData,
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
   * Follows the run's flow until this process finalized it (or found it finalized). Events
   * bring progress; a poll of the finalize job's state besides them makes the follower
   * indifferent to events missed while Redis was away: BullMQ's connections reconnect by
   * themselves and every call here waits for Redis to come back. A finalize job that failed
   * (a child failed after its retries) throws a JobFailedError naming the batch and its reason.
   */
  async follow(runId: string, options: FollowOptions): Promise<void> {
    const parentId = finalizeJobId(runId);
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }): void => {
      const batch = batchOfProveJobId(runId, jobId);
      if (batch === undefined || options.onProved === undefined) return;
      // A result that cannot be used here (written early) is still read again from the parent by finalize.
      void Promise.resolve(options.onProved({ batch, result: returnvalue as ProveBatchResult })).catch(() => undefined);
    };
    let wake = (): void => undefined;
    const onFinalizeEvent = ({ jobId }: { jobId: string }): void => {
      if (jobId === parentId) wake();
    };
    this.proveEvents.on('completed', onCompleted);
    this.finalizeEvents.on('completed', onFinalizeEvent);
    this.finalizeEvents.on('failed', onFinalizeEvent);
    try {
      for (;;) {
        if (options.finalized()) return;
        const job: Job<FinalizeData, FinalizeResult> | undefined = await this.finalizeQueue.getJob(parentId);
        if (job === undefined) {
          if (options.finalized()) return;
          if ((await options.onMissing()) === 'done') return;
        } else if ((await job.getState()) === 'failed') {
          // The job was read before its state: read it again, so its failure reason is the one
          // written with the state (a job fetched just before it failed has none).
          const failed = (await this.finalizeQueue.getJob(parentId)) ?? job;
          const reason = await this.failureOf(runId, failed);
          // The run's failure is what is reported, even if clearing its jobs did not go through.
          await this.discardWitnesses(runId, failed.data.batchIndices).catch(() => undefined);
          throw new JobFailedError(reason);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? FOLLOW_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.proveEvents.off('completed', onCompleted);
      this.finalizeEvents.off('completed', onFinalizeEvent);
      this.finalizeEvents.off('failed', onFinalizeEvent);
    }
  }

  /**
   * The one-line reason a run's finalize job failed: the failed child's batch, attempts and
   * error. The child is the one the parent's reason names (BullMQ writes `child
   * <prefix>:prove:<jobId> failed` into a parent its child failed); when the parent's reason
   * is empty or names none, it is a failed prove job of this run found in the queue.
   */
  private async failureOf(runId: string, parent: Job<FinalizeData, FinalizeResult>): Promise<string> {
    const reason = parent.failedReason ?? '';
    const childKey = /^child (\S+) failed/.exec(reason)?.[1];
    const named = childKey === undefined ? undefined : await this.proveQueue.getJob(childKey.slice(childKey.lastIndexOf(':') + 1));
    const child = named ?? (await this.failedChildOf(runId));
    const batch = batchOfProveJobId(runId, child?.id);
    if (child === undefined || batch === undefined)
      return `run ${runId}: ${reason || 'the finalize job failed and no failed batch of the run is left in Redis'}`;
    const attempts = child.attemptsMade || PROVE_ATTEMPTS;
    return `batch ${batch} of run ${runId} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${child.failedReason || reason || 'no reason recorded'}`;
  }

  /**
   * A failed run leaves no witness in Redis: its failed prove jobs keep their reason but lose
   * their sealed input (the worker clears it on a last attempt; not when the job failed by
   * stalling too often, or on a worker from before), and the jobs still waiting are removed,
   * since their proofs would go to a run that failed (a resume adds what it needs again). A job
   * being proved is left to finish: a completed job is removed, a failed one cleared.
   */
  private async discardWitnesses(runId: string, batchIndices: readonly number[]): Promise<void> {
    for (const batch of batchIndices) {
      const job = await this.proveQueue.getJob(proveBatchJobId(runId, batch));
      if (job === undefined) continue;
      const state = await job.getState();
      if (state === 'failed' && job.data.sealedInput !== undefined) {
        const { sealedInput: _sealed, ...cleared } = job.data;
        await job.updateData(cleared).catch(() => undefined);
      } else if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        // Taken by a worker in the meantime: then it is locked and stays.
        await job.remove().catch(() => undefined);
      }
    }
  }

  /** A failed prove job of the run (the first by batch), if Redis still keeps one. */
  private async failedChildOf(runId: string): Promise<Job<ProveBatchData> | undefined> {
    const failed = (await this.proveQueue.getFailed(0, KEEP_FAILED_JOBS - 1)).filter((job) => batchOfProveJobId(runId, job.id) !== undefined);
    return failed.sort((a, b) => (batchOfProveJobId(runId, a.id) as number) - (batchOfProveJobId(runId, b.id) as number))[0];
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
