import type { DuckDBConnection } from '@duckdb/node-api';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import type { ArtifactsInstance, ProveRunResult } from '../proving/prove/index.js';
import type { LoadedFormula } from '../scoring/index.js';

/** What the prove stage hands a prover: a scored, published run and the artifacts to prove it with (already checked against the formula). */
interface RunProverRequest {
  connection: DuckDBConnection;
  runId: string;
  formula: LoadedFormula;
  artifacts: ArtifactsInstance;
  /** `<out>/<run_id>/bundle`: proofs go to its `proofs/` folder, the proof record into its manifest. */
  bundleDir: string;
  poseidon: PoseidonHasher;
}

/**
 * Proves a run's batches into its bundle. The embedded runner proves on this machine's threads
 * (proveRun); the CLI can plug in one that fans the batches out to `stones worker`s through
 * BullMQ. Either way the stage before and the verification after are the same code, and the
 * prover must leave the bundle exactly as proveRun does (a proof file per batch, the proof
 * record in manifest.json).
 */
export type RunProver = (request: RunProverRequest) => Promise<ProveRunResult>;
