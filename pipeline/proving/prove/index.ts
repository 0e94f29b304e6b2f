export {
  proveRun,
  proofFileName,
  recordProofs,
  writeBatchProof,
  runBatchInputs,
  batchesToProve,
  type ProveRunOptions,
  type ProveRunResult,
} from './prove-run.js';
export {
  batchCircuitInput,
  batchSlots,
  batchStatement,
  formulaCircuitInput,
  manifestBatchStatement,
  runDrawBatches,
  type BatchCircuitInput,
} from './batch-circuit-input.js';
export { artifactsInstance, defaultArtifactsDir, instanceName, requireInstanceOf, type ArtifactsInstance } from './artifacts-instance.js';
export { ProverPool } from './prover-pool.js';
export { proveWorkerFile } from './worker-file.js';
export type { BatchProof } from './prove-task.js';
