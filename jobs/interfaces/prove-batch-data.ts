import type { Groth16Proof } from 'snarkjs';

/**
 * A prove-batch job's data: everything a worker on another machine needs, and nothing from
 * DuckDB. `input` is the batch's witness input (private data: Redis must be guarded like the
 * database).
 */
export interface ProveBatchData {
  runId: string;
  batch: number;
  batches: number;
  /** The circuit instance (`batch-award-v2-b<B>-n<N>`): the worker proves with its committed artifacts. */
  circuit: string;
  input: Record<string, string | string[] | string[][]>;
}

/** What a prove-batch job returns (stored in its parent until the finalize step reads it). */
export interface ProveBatchResult {
  proof: Groth16Proof;
  publicSignals: string[];
  /** Witness plus proof time in the worker. */
  ms: number;
}
