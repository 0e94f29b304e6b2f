import { isAbsolute, resolve } from 'node:path';
import { Queue, type JobSchedulerJson } from 'bullmq';
import { UsageError } from '../../pipeline/errors/index.js';
import { resolveTimeZone } from '../../pipeline/features/index.js';
import type { JobsConnection, NightlyRunData, NightlySchedule, NightlyScheduleOptions } from '../interfaces/index.js';
import { parseCronPattern } from '../config/parse-cron-pattern.js';
import { DEFAULT_QUEUE_PREFIX, isValidQueuePrefix, NIGHTLY_JOB_NAME, NIGHTLY_SCHEDULER_ID, QUEUE_NAMES } from '../config/queue-names.js';
import { commandConnectionOptions } from '../config/redis-connection-options.js';
import { RedisConnectionError } from './redis-connection-error.js';

/** A command never waits longer than this for Redis to be ready (connect retries included). */
const READY_DEADLINE_MS = 8_000;
/** Nor longer than this to close its connections. */
const CLOSE_DEADLINE_MS = 2_000;
/** Finished nightly jobs kept in Redis (the `runs` table, not Redis, is the record of runs). */
const KEEP_FINISHED_JOBS = 30;
/**
 * Attempts of a nightly job: a coordinator that died or a stage that failed (a worker's
 * machine gone, a disk briefly full) gets two more chances, each resuming the committed run.
 * Errors a user must fix (bad files, budget spent) are not retried.
 */
const NIGHTLY_ATTEMPTS = 3;
const NIGHTLY_BACKOFF_MS = 60_000;

/** The options checked and normalised, before anything talks to Redis. */
export interface CheckedNightlySchedule {
  cron: string;
  tz: string;
  inputs: string[];
}

/**
 * The nightly run's schedule: one BullMQ Job Scheduler with a fixed id
 * (`nightly-run`) on the `runs` queue. Upserting it again replaces its pattern, time
 * zone and data and keeps exactly one scheduler (BullMQ Job Schedulers, never the legacy
 * repeatable jobs). Connections fail fast: a short-lived command gets a
 * RedisConnectionError instead of retrying forever. Call `close()` when done.
 */
export class NightlyScheduler {
  private constructor(
    private readonly queue: Queue<NightlyRunData>,
    private readonly url: string,
    private readonly lastError: () => unknown,
  ) {}

  /**
   * Checks the cron pattern, the time zone and the inputs, with no Redis: a UsageError for
   * anything wrong. Inputs are made absolute against `cwd`.
   */
  static checkSchedule(options: NightlyScheduleOptions, cwd = process.cwd()): CheckedNightlySchedule {
    const tz = resolveTimeZone(options.tz);
    const cron = parseCronPattern(options.cron, tz);
    const inputs = options.inputs.map((input) => input.trim()).filter((input) => input !== '');
    if (inputs.length === 0) throw new UsageError('--input needs at least one file, directory or glob');
    return { cron, tz, inputs: inputs.map((input) => (isAbsolute(input) ? input : resolve(cwd, input))) };
  }

  /** Connects to Redis (the `runs` queue under `prefix`); a RedisConnectionError if it cannot. */
  static async connect({ url, prefix = DEFAULT_QUEUE_PREFIX }: JobsConnection): Promise<NightlyScheduler> {
    if (!isValidQueuePrefix(prefix)) {
      throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${prefix}"`);
    }
    let lastError: unknown;
    const queue = new Queue<NightlyRunData>(QUEUE_NAMES.runs, { connection: commandConnectionOptions(url), prefix });
    // Without a listener an 'error' event would be thrown; keep it for the one-line message.
    queue.on('error', (error: unknown) => {
      lastError = error;
    });
    try {
      await withDeadline(queue.waitUntilReady(), READY_DEADLINE_MS, 'no answer in time');
    } catch (error) {
      await closeQueue(queue);
      throw new RedisConnectionError(url, RedisConnectionError.reasonOf(lastError ?? error), { cause: lastError ?? error });
    }
    return new NightlyScheduler(queue, url, () => lastError);
  }

  /**
   * Creates or updates the one nightly Job Scheduler; its next job waits in the delayed
   * set. Returns the schedule as stored.
   */
  async upsertNightlySchedule(options: NightlyScheduleOptions): Promise<NightlySchedule> {
    const { cron, tz, inputs } = NightlyScheduler.checkSchedule(options);
    await this.call(() =>
      this.queue.upsertJobScheduler(
        NIGHTLY_SCHEDULER_ID,
        { pattern: cron, tz },
        {
          name: NIGHTLY_JOB_NAME,
          data: { inputs, timeZone: tz },
          opts: {
            attempts: NIGHTLY_ATTEMPTS,
            backoff: { type: 'exponential', delay: NIGHTLY_BACKOFF_MS },
            removeOnComplete: { count: KEEP_FINISHED_JOBS },
            removeOnFail: { count: KEEP_FINISHED_JOBS },
          },
        },
      ),
    );
    const stored = await this.call(() => this.queue.getJobScheduler(NIGHTLY_SCHEDULER_ID));
    if (stored === undefined) throw new Error(`the Job Scheduler ${NIGHTLY_SCHEDULER_ID} was upserted but is not in Redis`);
    return toSchedule(stored);
  }

  /** Every Job Scheduler of the `runs` queue, soonest first (normally just `nightly-run`). */
  async listSchedules(): Promise<NightlySchedule[]> {
    const schedulers = await this.call(() => this.queue.getJobSchedulers(0, -1, true));
    return schedulers.map(toSchedule);
  }

  /** Removes the nightly Job Scheduler and its pending job; false if there was none. */
  async removeSchedule(): Promise<boolean> {
    return this.call(() => this.queue.removeJobScheduler(NIGHTLY_SCHEDULER_ID));
  }

  /** Closes the connections (forcefully if they do not close in time), so the process can exit. */
  async close(): Promise<void> {
    await closeQueue(this.queue);
  }

  /** Runs one Redis operation; a connection lost on the way becomes a RedisConnectionError. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(operation(), READY_DEADLINE_MS, 'no answer in time');
    } catch (error) {
      if (error instanceof DeadlineError || RedisConnectionError.isConnectionFailure(error)) {
        throw new RedisConnectionError(this.url, RedisConnectionError.reasonOf(this.lastError() ?? error), { cause: error });
      }
      throw error;
    }
  }
}

function toSchedule(scheduler: JobSchedulerJson<NightlyRunData>): NightlySchedule {
  return {
    id: scheduler.id ?? scheduler.key,
    cron: scheduler.pattern ?? undefined,
    tz: scheduler.tz ?? undefined,
    next: scheduler.next === undefined ? undefined : new Date(Number(scheduler.next)),
    data: scheduler.template?.data,
  };
}

class DeadlineError extends Error {}

async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeQueue(queue: Queue): Promise<void> {
  try {
    await withDeadline(queue.close(), CLOSE_DEADLINE_MS, 'close timed out');
  } catch {
    await queue.disconnect().catch(() => undefined);
  }
}
