import type { Groth16Proof } from 'snarkjs';
import type { SealedWitness, WitnessContext, WitnessInput } from './sealed-witness.js';

/**
 * A prove-batch job's data: everything a worker on another machine needs, and nothing from
 * DuckDB. The witness input (salts, features: private) is only ever in Redis sealed for the
 * workers' key, never in clear.
 */
export interface ProveBatchData extends WitnessContext {
  /**
   * The batch's witness input, sealed (witness-key.ts). Absent once the job failed for good:
   * a failed job is kept for its reason, not its witness.
   */
  sealedInput?: SealedWitness;
}

/** A batch as the coordinator plans it, with its witness input in clear: RunFlow seals it before anything reaches Redis. */
export interface PlannedBatch extends WitnessContext {
  input: WitnessInput;
}

/** What a prove-batch job returns (stored in its parent until the finalize step reads it). */
export interface ProveBatchResult {
  proof: Groth16Proof;
  publicSignals: string[];
  /** Witness plus proof time in the worker. */
  ms: number;
}
