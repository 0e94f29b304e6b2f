/** What the pool sends a worker: one chunk of one bulk operation, packed (see field-packing.ts). */
export type HashTask =
  | { op: 'rows'; words: BigUint64Array; arities: Uint8Array }
  | { op: 'coins'; beacon: BigUint64Array; salts: BigUint64Array; n: number }
  | { op: 'trees'; words: BigUint64Array; sizes: Uint32Array };

/** What a worker answers: packed field elements (rows, trees) or counts (coins). */
export type HashTaskResult = BigUint64Array | Int32Array;
