import { markRunFailed } from './mark-run-failed.js';
import { oneLineReason } from './one-line-reason.js';
import type { RunAttempt } from './run-attempt.js';
import type { RunStage, StageCounts } from './run-stage.js';

export interface RecordStageOptions<T> {
  /** The counts stored with a finished stage. */
  counts?: (value: T) => StageCounts;
  /** A result that is a failure without being an error (a bundle that fails verification): its one-line reason. */
  failureOf?: (value: T) => string | undefined;
}

/**
 * Runs one stage of a committed run and records it in run_stages: a 'running' row when it
 * starts, then 'done' with its counts, or 'failed' with the one-line reason. A stage that
 * throws also marks the run failed (runs.failed_stage, runs.failure) and the error is rethrown
 * unchanged, so the caller reports it as before. Recording never hides the stage's own error.
 */
export async function recordStage<T>(attempt: RunAttempt, stage: RunStage, fn: () => Promise<T>, options: RecordStageOptions<T> = {}): Promise<T> {
  const { connection, runId } = attempt;
  await connection.run(`INSERT INTO run_stages (run_id, attempt, stage, status, started_by, started_at) VALUES ($1, $2, $3, 'running', $4, $5::TIMESTAMPTZ)`, [
    runId,
    attempt.attempt,
    stage,
    attempt.startedBy,
    new Date().toISOString(),
  ]);
  const finish = (status: 'done' | 'failed', counts: StageCounts | undefined, error: string | null) =>
    connection.run(
      `UPDATE run_stages SET status = $4, finished_at = $5::TIMESTAMPTZ, counts = $6, error = $7 WHERE run_id = $1 AND attempt = $2 AND stage = $3`,
      [runId, attempt.attempt, stage, status, new Date().toISOString(), counts === undefined ? null : JSON.stringify(counts), error],
    );
  let value: T;
  try {
    value = await fn();
  } catch (error) {
    const reason = oneLineReason(error);
    try {
      await finish('failed', undefined, reason);
      await markRunFailed(connection, runId, stage, reason);
    } catch {
      // the stage's error is the one to report
    }
    throw error;
  }
  const counts = options.counts?.(value);
  const failure = options.failureOf?.(value);
  await finish(failure === undefined ? 'done' : 'failed', counts, failure ?? null);
  if (failure !== undefined) await markRunFailed(connection, runId, stage, failure);
  return value;
}
