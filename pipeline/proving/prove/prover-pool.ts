import { Worker } from 'node:worker_threads';
import type { BatchCircuitInput } from './batch-circuit-input.js';
import type { BatchProof, FromProveWorker, ProveWorkerData, ToProveWorker } from './prove-task.js';

/** How long close() lets a worker end by itself before it is terminated. */
const EXIT_WAIT_MS = 30_000;

interface Pending {
  resolve: (proof: BatchProof) => void;
  reject: (error: Error) => void;
}

/** One prove worker thread: one proof at a time; `ready` settles once it has read the artifacts. */
class ProveThread {
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #dead: Error | undefined;

  constructor(file: string, data: ProveWorkerData) {
    this.#worker = new Worker(file, { workerData: data });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.#dead ??= error;
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
        reject(error);
      };
      this.#worker.on('message', (message: FromProveWorker) => {
        if ('ready' in message) return resolve();
        if ('failed' in message) return fail(new Error(`prove worker could not load the artifacts: ${message.failed}`));
        const pending = this.#pending.get(message.id);
        if (pending === undefined) return;
        this.#pending.delete(message.id);
        if ('error' in message) pending.reject(new Error(message.error));
        else pending.resolve({ proof: message.proof, publicSignals: message.publicSignals, ms: message.ms });
      });
      this.#worker.on('error', fail);
      this.#worker.once('exit', (code) => fail(new Error(`prove worker exited (code ${code})`)));
    });
    this.ready.catch(() => undefined);
  }

  async prove(input: BatchCircuitInput): Promise<BatchProof> {
    await this.ready;
    if (this.#dead !== undefined) throw this.#dead;
    const id = (this.#nextId += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, input } satisfies ToProveWorker);
    });
  }

  /** Proofs sent to this thread and not answered yet. */
  get load(): number {
    return this.#pending.size;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.#dead === undefined) this.#worker.postMessage({ close: true } satisfies ToProveWorker);
    const timer = setTimeout(() => void this.#worker.terminate(), EXIT_WAIT_MS);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Groth16 proving on worker threads (node:worker_threads): each worker loads the witness
 * generator and the proving key once and proves one batch at a time, so a long proof never
 * blocks this thread's event loop.
 */
export class ProverPool {
  readonly threads: number;
  readonly #workers: ProveThread[];

  constructor(options: { threads: number; workerFile: string; wasmPath: string; zkeyPath: string }) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError(`prover threads must be a positive integer, got ${options.threads}`);
    this.threads = options.threads;
    const data: ProveWorkerData = { wasmPath: options.wasmPath, zkeyPath: options.zkeyPath };
    this.#workers = Array.from({ length: this.threads }, () => new ProveThread(options.workerFile, data));
  }

  /**
   * Proves the items `indices` (batch numbers), `input(i)` built just before it is sent; `done(i, proof)` runs
   * (and is awaited) as each proof arrives. Stops at the first failure.
   */
  async proveAll(
    indices: readonly number[],
    input: (index: number) => BatchCircuitInput,
    done: (index: number, proof: BatchProof) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    let failed = false;
    const lane = async (worker: ProveThread): Promise<void> => {
      while (!failed && next < indices.length) {
        const index = indices[next] as number;
        next += 1;
        let proof: BatchProof;
        try {
          proof = await worker.prove(input(index));
        } catch (error) {
          failed = true;
          throw new Error(`batch ${index}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
        }
        try {
          await done(index, proof);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const results = await Promise.allSettled(this.#workers.map(lane));
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  /** Proves one input on the least busy thread (for callers that receive batches one by one, as a job worker does). */
  async prove(input: BatchCircuitInput): Promise<BatchProof> {
    const worker = this.#workers.reduce((best, candidate) => (candidate.load < best.load ? candidate : best));
    return worker.prove(input);
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.close()));
  }
}
