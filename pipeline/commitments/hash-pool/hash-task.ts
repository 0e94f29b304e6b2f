/** What the pool sends a worker: one chunk of one bulk operation, packed (see field-packing.ts). */
export type HashTask =
  | { op: 'rows'; words: BigUint64Array; arities: Uint8Array }
  | { op: 'coins'; beacon: BigUint64Array; salts: BigUint64Array; n: number }
  | { op: 'trees'; words: BigUint64Array; sizes: Uint32Array };

/** What a worker answers: packed field elements (rows, trees) or counts (coins). */
export type HashTaskResult = BigUint64Array | Int32Array;

/**
 * Shared with every worker: progress[STARTED] counts workers whose module is running,
 * progress[SETTLED] those whose WebAssembly kernel is built (or failed). A worker must not be
 * terminated between the two: Node 20 aborts the whole process ("free(): invalid pointer")
 * when a worker thread is terminated while it compiles WebAssembly.
 */
export interface HashWorkerData {
  progress: Int32Array;
}
export const STARTED = 0;
export const SETTLED = 1;
