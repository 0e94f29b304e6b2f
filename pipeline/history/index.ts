export type { StageCounts } from './run-stage.js';
export { startedBy, userAtHost } from './started-by.js';
export { beginAttempt, type RunAttempt } from './run-attempt.js';
export { measureStage, recordMeasuredStage, type MeasuredStage } from './measured-stage.js';
export { recordStage } from './record-stage.js';
export { listRuns, type RunSummary } from './list-runs.js';
export { readRunStages, type StageRecord } from './read-run-stages.js';
