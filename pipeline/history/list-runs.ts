import type { DuckDBConnection } from '@duckdb/node-api';

export interface RunsFilter {
  period?: string;
  status?: string;
  limit?: number;
}

/** One run as `stones runs` lists it. Times are ISO 8601 (UTC); null when not reached. */
export interface RunSummary {
  run_id: string;
  period: string;
  time_zone: string;
  status: string;
  users: number;
  batches: number;
  started_by: string | null;
  created_at: string;
  scored_at: string | null;
  published_at: string | null;
  /** How many invocations worked on the run (run_stages attempts); 0 for runs made before history existed. */
  attempts: number;
  /** The time spent in its stages, over every attempt, in milliseconds; null without history. */
  stage_ms: number | null;
  failed_stage: string | null;
  failure: string | null;
  output_dir: string | null;
}

const iso = (column: string): string => `strftime(${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** Runs, newest first (by created_at), with their history totals. */
export async function listRuns(connection: DuckDBConnection, filter: RunsFilter = {}): Promise<RunSummary[]> {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.period !== undefined) {
    where.push('r.period = $period');
    params.period = filter.period;
  }
  if (filter.status !== undefined) {
    where.push('r.status = $status');
    params.status = filter.status;
  }
  const reader = await connection.runAndReadAll(
    `SELECT r.run_id, r.period, r.time_zone, r.status, r.users, r.batches, r.started_by,
            ${iso('r.created_at')} AS created_at, ${iso('r.scored_at')} AS scored_at, ${iso('r.published_at')} AS published_at,
            coalesce(s.attempts, 0) AS attempts, s.stage_ms, r.failed_stage, r.failure, r.output_dir
     FROM runs AS r
     LEFT JOIN (
       SELECT run_id, count(DISTINCT attempt) AS attempts,
              sum(epoch_ms(coalesce(finished_at, started_at)) - epoch_ms(started_at)) AS stage_ms
       FROM run_stages GROUP BY run_id
     ) AS s USING (run_id)
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY r.created_at DESC, r.run_id
     ${filter.limit !== undefined ? `LIMIT ${Math.floor(filter.limit)}` : ''}`,
    params,
  );
  return reader.getRowObjectsJS().map((row) => ({
    run_id: String(row.run_id),
    period: String(row.period),
    time_zone: String(row.time_zone),
    status: String(row.status),
    users: Number(row.users),
    batches: Number(row.batches),
    started_by: row.started_by === null ? null : String(row.started_by),
    created_at: String(row.created_at),
    scored_at: row.scored_at === null ? null : String(row.scored_at),
    published_at: row.published_at === null ? null : String(row.published_at),
    attempts: Number(row.attempts),
    stage_ms: row.stage_ms === null ? null : Number(row.stage_ms),
    failed_stage: row.failed_stage === null ? null : String(row.failed_stage),
    failure: row.failure === null ? null : String(row.failure),
    output_dir: row.output_dir === null ? null : String(row.output_dir),
  }));
}
