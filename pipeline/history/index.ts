export { RUN_STAGES, type RunStage, type StageCounts } from './run-stage.js';
export { startedBy, userAtHost } from './started-by.js';
export { oneLineReason } from './one-line-reason.js';
export { beginAttempt, type RunAttempt } from './run-attempt.js';
export { markRunFailed } from './mark-run-failed.js';
export { measureStage, recordMeasuredStage, type MeasuredStage } from './measured-stage.js';
export { recordStage, type RecordStageOptions } from './record-stage.js';
export { listRuns, type RunSummary, type RunsFilter } from './list-runs.js';
export { readRunStages, type StageRecord } from './read-run-stages.js';
