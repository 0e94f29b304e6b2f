import type { Groth16Proof } from 'snarkjs';
import type { BatchCircuitInput } from './batch-circuit-input.js';

/** What a prove worker is started with: the artifact files it reads once. */
export interface ProveWorkerData {
  wasmPath: string;
  zkeyPath: string;
}

export type ToProveWorker = { id: number; input: BatchCircuitInput } | { close: true };

export type FromProveWorker =
  | { ready: true }
  | { failed: string }
  | { id: number; proof: Groth16Proof; publicSignals: string[]; ms: number }
  | { id: number; error: string };

export interface BatchProof {
  proof: Groth16Proof;
  publicSignals: string[];
  /** Witness generation plus proving, in the worker. */
  ms: number;
}
