import type { Piscina } from 'piscina';
import { createThreadPool } from '../../workers/index.js';
import type { BatchCircuitInput } from './batch-circuit-input.js';
import type { BatchProof, ProveWorkerData } from './prove-task.js';

/**
 * Groth16 proving on worker threads (the shared piscina pool of workers/thread-pool.ts): each
 * thread loads the witness generator and the proving key once and proves one batch at a time,
 * so a long proof never blocks this thread's event loop.
 */
export class ProverPool {
  readonly threads: number;
  readonly #pool: Piscina<BatchCircuitInput, BatchProof>;

  constructor(options: { threads: number; workerFile: string; wasmPath: string; zkeyPath: string }) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError(`prover threads must be a positive integer, got ${options.threads}`);
    this.threads = options.threads;
    const workerData: ProveWorkerData = { wasmPath: options.wasmPath, zkeyPath: options.zkeyPath };
    this.#pool = createThreadPool<BatchCircuitInput, BatchProof>({ filename: options.workerFile, threads: this.threads, workerData });
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
    const lane = async (): Promise<void> => {
      while (!failed && next < indices.length) {
        const index = indices[next] as number;
        next += 1;
        let proof: BatchProof;
        try {
          proof = await this.prove(input(index));
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
    const results = await Promise.allSettled(Array.from({ length: this.threads }, lane));
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  /** Proves one input on the next free thread (for callers that receive batches one by one, as a job worker does). */
  prove(input: BatchCircuitInput): Promise<BatchProof> {
    return this.#pool.run(input);
  }

  /** Lets the proofs under way finish, then stops the threads. */
  async close(): Promise<void> {
    await this.#pool.close();
  }
}
