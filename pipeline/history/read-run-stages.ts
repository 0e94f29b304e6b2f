import type { DuckDBConnection } from '@duckdb/node-api';
import type { StageCounts } from './run-stage.js';

/** One row of run_stages, as `stones runs --run RUN` shows it. */
export interface StageRecord {
  attempt: number;
  stage: string;
  status: string;
  started_by: string | null;
  started_at: string;
  finished_at: string | null;
  /** finished_at - started_at; null while running (or if the process died in the stage). */
  ms: number | null;
  counts: StageCounts | null;
  error: string | null;
}

/** Every stage row of a run, attempt by attempt, in the order they started. */
export async function readRunStages(connection: DuckDBConnection, runId: string): Promise<StageRecord[]> {
  const reader = await connection.runAndReadAll(
    `SELECT attempt, stage, status, started_by,
            strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at,
            strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at,
            epoch_ms(finished_at) - epoch_ms(started_at) AS ms, counts, error
     FROM run_stages WHERE run_id = $1
     ORDER BY attempt, started_at, stage`,
    [runId],
  );
  return reader.getRowObjectsJS().map((row) => ({
    attempt: Number(row.attempt),
    stage: String(row.stage),
    status: String(row.status),
    started_by: row.started_by === null ? null : String(row.started_by),
    started_at: String(row.started_at),
    finished_at: row.finished_at === null ? null : String(row.finished_at),
    ms: row.ms === null ? null : Number(row.ms),
    counts: row.counts === null ? null : (JSON.parse(String(row.counts)) as StageCounts),
    error: row.error === null ? null : String(row.error),
  }));
}
