import type { RunAttempt } from './run-attempt.js';
import type { RunStage, StageCounts } from './run-stage.js';

/** A stage that ran before its run had an id (ingest, features, commit): its result and its times. */
export interface MeasuredStage<T> {
  value: T;
  startedAt: Date;
  finishedAt: Date;
}

/** Runs a stage and keeps its start and end times, to be recorded once the run exists. */
export async function measureStage<T>(fn: () => Promise<T>): Promise<MeasuredStage<T>> {
  const startedAt = new Date();
  const value = await fn();
  return { value, startedAt, finishedAt: new Date() };
}

/** Writes a measured stage of this attempt as done, with its measured times. */
export async function recordMeasuredStage(attempt: RunAttempt, stage: RunStage, measured: MeasuredStage<unknown>, counts: StageCounts): Promise<void> {
  await attempt.connection.run(
    `INSERT INTO run_stages (run_id, attempt, stage, status, started_by, started_at, finished_at, counts, error)
     VALUES ($1, $2, $3, 'done', $4, $5::TIMESTAMPTZ, $6::TIMESTAMPTZ, $7, NULL)`,
    [attempt.runId, attempt.attempt, stage, attempt.startedBy, measured.startedAt.toISOString(), measured.finishedAt.toISOString(), JSON.stringify(counts)],
  );
}
