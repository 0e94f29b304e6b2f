export { releasedRun, runPipeline, type OpenPeriodRun, type ReleasedRun, type RunPipelineOptions, type RunPipelineResult } from './run-pipeline.js';
export type { RunProveOptions } from './run-prove-options.js';
export { resumeRun, type ResumeRunOptions, type ResumeRunResult } from './resume-run.js';
export { finishRun, type FinishRunResult } from './finish-run.js';
export type { RunProver } from './run-prover.js';
export { nightlyRun, type NightlyRunOutcome } from './nightly-run.js';
export { scoreStage } from './score-stage.js';
export { publishStages } from './publish-stages.js';
