import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { StonesError } from '../../pipeline/errors/index.js';
import type { JobsConnection, NightlyRunData, NightlyRunProgress, NightlyRunResult } from '../interfaces/index.js';
import { DEFAULT_QUEUE_PREFIX, NIGHTLY_JOB_NAME, QUEUE_NAMES } from '../config/queue-names.js';
import { workerConnectionOptions } from '../config/worker-connection-options.js';

/** What the nightly step gets besides the job's data. */
interface NightlyRunContext {
  jobId: string;
  /** 1 for the first try, then each retry. */
  attempt: number;
  /** Writes the run's progress (its period, then its id) into the job's data, so that a retry takes it up from there. */
  remember: (progress: NightlyRunProgress) => Promise<void>;
}

/** The coordinator's nightly step: a whole run of the new files, or a resume of the job's run (pipeline functions, given by the CLI). */
export type NightlyRunStep = (data: NightlyRunData, context: NightlyRunContext) => Promise<NightlyRunResult>;

/**
 * A nightly job holds its lock for the whole run (hours, proving included): the coordinator's
 * event loop stays free (DuckDB, hashing and proving run off it), so the lock is renewed every
 * half of this; a coordinator that died gives its job back after about twice this.
 */
const NIGHTLY_LOCK_MS = 5 * 60_000;

/**
 * The coordinator's BullMQ Worker on the `runs` queue, where the nightly Job Scheduler adds its
 * jobs: one run at a time, in the one process that writes DuckDB. An error the user must fix
 * (a StonesError that is not retryable: bad files, budget spent, a batch that failed its
 * retries) fails the job at once with its one line; anything else (a beacon not there yet, a
 * crash) is retried by BullMQ, and the retry takes the run up from what the job remembered.
 */
export class NightlyRunWorker {
  readonly worker: Worker<NightlyRunData, NightlyRunResult>;
  #current: { job: Job<NightlyRunData, NightlyRunResult>; token: string | undefined } | undefined;

  constructor(connection: JobsConnection, step: NightlyRunStep) {
    const processor = async (job: Job<NightlyRunData, NightlyRunResult>, token?: string): Promise<NightlyRunResult> => {
      this.#current = { job, token };
      try {
        return await NightlyRunWorker.process(job, step);
      } finally {
        this.#current = undefined;
      }
    };
    this.worker = new Worker<NightlyRunData, NightlyRunResult>(QUEUE_NAMES.runs, processor, {
      connection: workerConnectionOptions(connection.url, 'stones-coordinator'),
      prefix: connection.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: 1,
      lockDuration: NIGHTLY_LOCK_MS,
      stalledInterval: NIGHTLY_LOCK_MS,
    });
  }

  static async process(job: Job<NightlyRunData, NightlyRunResult>, step: NightlyRunStep): Promise<NightlyRunResult> {
    if (job.name !== NIGHTLY_JOB_NAME) throw new UnrecoverableError(`the runs queue has no job named ${job.name}`);
    try {
      return await step(job.data, {
        jobId: job.id ?? '',
        attempt: job.attemptsMade + 1,
        remember: async (progress) => {
          await job.updateData({ ...job.data, ...progress });
        },
      });
    } catch (error) {
      if (error instanceof StonesError && !error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }

  /**
   * Stops taking jobs. A nightly run in hand is not waited for (it can take hours): it is
   * moved back to the waiting list, where the next coordinator takes it up from what the job
   * remembered (its period, its committed run), and its id is returned. The caller should exit
   * then: the run's stages still pending on this event loop must not go on.
   */
  async handBack(): Promise<string | undefined> {
    const current = this.#current;
    if (current?.token !== undefined) await current.job.moveToWait(current.token);
    await this.worker.close(true);
    return current?.job.id;
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}
