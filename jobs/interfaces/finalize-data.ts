/** The finalize job's data: where the coordinator writes the run's proofs. */
export interface FinalizeData {
  runId: string;
  /** `<out>/<run_id>/bundle` on the coordinator's file system. */
  bundleDir: string;
  /** The artifacts folder of the circuit instance (its verification key goes into the bundle). */
  artifactsDir: string;
  /** Batches of the whole run. */
  batches: number;
  /**
   * The batches this flow proves, one prove-batch child each: those without a valid proof in
   * the bundle when the flow was added (a resumed run keeps the others).
   */
  batchIndices: number[];
  /** SHA-256 of the published formula the bundle must carry. */
  formulaSha256: string;
}

/** A finalize job's result, as the coordinator's finalize step returns it. */
export interface FinalizeResult {
  runId: string;
  batches: number;
  /** Proof files written by the finalize step. */
  written: number;
}
