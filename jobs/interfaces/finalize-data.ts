/** The finalize job's data: where the coordinator writes the run's proofs and what it checks them against. */
export interface FinalizeData {
  runId: string;
  /** `<out>/<run_id>/bundle` on the coordinator's file system. */
  bundleDir: string;
  /** The artifacts folder of the circuit instance (its verification key goes into the bundle). */
  artifactsDir: string;
  batches: number;
  /** SHA-256 of the published formula the bundle must carry. */
  formulaSha256: string;
}

/** A finalize job's result, as the coordinator's finalize step returns it. */
export interface FinalizeResult {
  runId: string;
  batches: number;
  ok: boolean;
  verdict: string;
}
