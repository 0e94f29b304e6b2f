import type { Groth16Proof } from 'snarkjs';

/** What each prove thread is started with: the artifact files it reads once. */
export interface ProveWorkerData {
  wasmPath: string;
  zkeyPath: string;
}

export interface BatchProof {
  proof: Groth16Proof;
  publicSignals: string[];
  /** Witness generation plus proving, in the worker. */
  ms: number;
}
