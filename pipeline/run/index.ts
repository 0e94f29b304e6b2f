export { releasedRun, runPipeline, type OpenPeriodRun, type ReleasedRun, type RunPipelineOptions, type RunPipelineResult } from './run-pipeline.js';
export { resolveProveOptions, type RunProveOptions, type ResolvedProveOptions } from './run-prove-options.js';
export { resumeRun, type ResumeRunOptions, type ResumeRunResult, type ResumedRun } from './resume-run.js';
export { finishRun, type FinishRunOptions, type FinishRunResult } from './finish-run.js';
export { periodOfLoads } from './period-of-loads.js';
export type { RunProver, RunProverRequest } from './run-prover.js';
export { nightlyRun, type NightlyRunOutcome } from './nightly-run.js';
