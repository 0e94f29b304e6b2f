// stones/pipeline: the stages as plain async functions over a DuckDB connection, for anyone
// embedding the pipeline (the stones CLI and the job layer call exactly these). In order:
// ingest, features, commit, score, statistics, publish, prove, verify; runPipeline does them all.
export { openDatabase, DEFAULT_DATABASE_PATH, acquireWriterLock, type WriterLock } from './db/index.js';
export { ingestFiles } from './ingest/index.js';
export { computeFeatures, resolveTimeZone, parsePeriod } from './features/index.js';
export { commitPeriod, loadPepper, createPoseidon } from './commitments/index.js';
export { HashPool, type HashPoolOptions } from './commitments/hash-pool/index.js';
export { loadFormula, parseFormula, scoreRun, demoBeacon, type Formula } from './scoring/index.js';
export { commandBeaconSource } from './beacon/index.js';
export { releaseStatistics } from './statistics/index.js';
export { publishRun, awardsHandoffOf } from './publishing/index.js';
export { proveRun, defaultArtifactsDir, type ProveRunOptions, type ProveRunResult } from './proving/prove/index.js';
export { runPipeline, resumeRun, finishRun, nightlyRun, type RunPipelineOptions, type RunPipelineResult } from './run/index.js';
export { listRuns, readRunStages } from './history/index.js';
export { readCrystalHistory } from './crystals/index.js';
export { verifyBundle, verifyReceipt, verifyChain } from './verification/node/index.js';
export {
  StonesError,
  UsageError,
  InputFileError,
  ConfigError,
  PrivacyBudgetError,
  OutputError,
  BeaconError,
  PeriodOpenError,
  PeriodChainError,
  DatabaseInUseError,
} from './errors/index.js';
