import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { packageRoot } from '../../pipeline/db/index.js';
import { artifactsInstance, ProverPool, proveWorkerFile } from '../../pipeline/proving/prove/index.js';
import type { JobsConnection, ProveBatchData, ProveBatchResult, WitnessInput } from '../interfaces/index.js';
import { DEFAULT_QUEUE_PREFIX, QUEUE_NAMES } from '../config/queue-names.js';
import { workerConnectionOptions } from '../config/worker-connection-options.js';
import { DEFAULT_LOCK_DURATION_MS } from '../config/default-lock-duration.js';
import type { WitnessKey } from './witness-key.js';
import { WitnessKeyError } from './witness-key-error.js';

export interface ProveBatchWorkerOptions extends JobsConnection {
  /** Jobs proved at once, each on its own prove thread (default 1). */
  concurrency?: number;
  /** Where the circuit instances' artifacts are (default `<package>/circuits/artifacts`). */
  artifactsRoot?: string;
  /**
   * How long a job's lock lasts without renewal, in ms (default 30,000; renewed every half of
   * it while the proof runs on its thread). A worker that dies mid-proof (SIGKILL, power loss)
   * stops renewing: its batch is handed to another worker by the next stalled-job check after
   * the lock ran out, so about two of these at most.
   */
  lockDurationMs?: number;
  /**
   * The witness key the coordinator sealed the jobs' witnesses with. Asked for when a job
   * arrives, until it gives a key (a worker may start before the coordinator on its machine
   * created the key file); while it throws a WitnessKeyError, each job taken fails with it.
   */
  witnessKey: () => Promise<WitnessKey>;
}
/**
 * Times a batch may be recovered from a dead worker before it fails instead (BullMQ's
 * default is 1): a run on preemptible machines can lose a worker twice in a night.
 */
const MAX_STALLED_COUNT = 3;

/**
 * `stones worker`: a BullMQ Worker on the `prove` queue. Each job carries one batch's witness
 * input, sealed with the witness key; it is opened here and proved with snarkjs on a prove
 * worker thread (ProverPool, the artifacts of the job's circuit loaded once per thread), so
 * this thread's event loop stays free and BullMQ keeps renewing the job's lock however long the
 * proof takes. It returns `{proof, publicSignals, ms}`; it never touches DuckDB. A witness that
 * does not open (no key, another key, altered) fails its job at once, not retried, with one
 * line that starts with its code. A job's last failed attempt clears its sealed witness, so
 * the failed job Redis keeps holds its reason only. `close()` lets the jobs in hand finish.
 */
export class ProveBatchWorker {
  readonly worker: Worker<ProveBatchData, ProveBatchResult>;
  readonly concurrency: number;
  readonly #pools = new Map<string, ProverPool>();
  readonly #artifactsRoot: string;
  readonly #loadWitnessKey: () => Promise<WitnessKey>;
  #witnessKey: WitnessKey | undefined;

  constructor(options: ProveBatchWorkerOptions) {
    this.concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${this.concurrency}`);
    this.#artifactsRoot = options.artifactsRoot ?? join(packageRoot(), 'circuits', 'artifacts');
    this.#loadWitnessKey = options.witnessKey;
    this.worker = new Worker<ProveBatchData, ProveBatchResult>(QUEUE_NAMES.prove, (job) => this.#process(job), {
      connection: workerConnectionOptions(options.url),
      prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: this.concurrency,
      lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      stalledInterval: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      maxStalledCount: MAX_STALLED_COUNT,
    });
  }

  async #process(job: Job<ProveBatchData, ProveBatchResult>): Promise<ProveBatchResult> {
    try {
      return await this.#prove(job);
    } catch (error) {
      const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last && job.data.sealedInput !== undefined) {
        // Cleared before the job moves to failed, so no failed job is ever kept with its witness.
        const { sealedInput: _sealed, ...cleared } = job.data;
        await job.updateData(cleared).catch(() => undefined);
      }
      throw error;
    }
  }

  /** The job's witness input, opened; an UnrecoverableError (`<code>: <one line>`) when it cannot be. */
  async #open(job: Job<ProveBatchData, ProveBatchResult>): Promise<WitnessInput> {
    const { sealedInput, ...context } = job.data;
    const unrecoverable = (error: WitnessKeyError): UnrecoverableError => new UnrecoverableError(`${error.code}: ${error.message}`);
    if (sealedInput === undefined) {
      throw unrecoverable(
        new WitnessKeyError(
          'witness_not_sealed',
          `the job of batch ${context.batch} of run ${context.runId} carries no sealed witness (cleared after it failed, or added by an older coordinator); stones run --resume ${context.runId} adds it again`,
        ),
      );
    }
    try {
      this.#witnessKey ??= await this.#loadWitnessKey();
      return this.#witnessKey.open(context, sealedInput);
    } catch (error) {
      if (!(error instanceof WitnessKeyError)) throw error;
      const opening = error.code === 'witness_key_mismatch' || error.code === 'witness_tampered';
      throw unrecoverable(
        opening ? error : new WitnessKeyError(error.code, `cannot decrypt the witness of batch ${context.batch} of run ${context.runId}: ${error.message}`),
      );
    }
  }

  async #prove(job: Job<ProveBatchData, ProveBatchResult>): Promise<ProveBatchResult> {
    const { circuit } = job.data;
    const input = await this.#open(job);
    let pool = this.#pools.get(circuit);
    if (pool === undefined) {
      // The folder name is the instance (artifacts-instance.ts): refuses anything else, and missing files.
      const instance = artifactsInstance(join(this.#artifactsRoot, circuit));
      pool = new ProverPool({ threads: this.concurrency, workerFile: proveWorkerFile(), wasmPath: instance.wasmPath, zkeyPath: instance.zkeyPath });
      this.#pools.set(circuit, pool);
    }
    const { proof, publicSignals, ms } = await pool.prove(input);
    return { proof, publicSignals, ms };
  }

  /** Stops taking jobs, waits for the jobs in hand to finish, then ends the prove threads. */
  async close(): Promise<void> {
    try {
      await this.worker.close();
    } finally {
      await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
      this.#pools.clear();
    }
  }
}
