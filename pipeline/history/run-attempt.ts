import type { DuckDBConnection } from '@duckdb/node-api';

/** One invocation working on a run: the run that committed it is attempt 1, each resume or re-run the next. */
export interface RunAttempt {
  readonly connection: DuckDBConnection;
  readonly runId: string;
  readonly attempt: number;
  readonly startedBy: string | null;
}

/**
 * Starts the next attempt on a committed run. A run marked failed gets back the status its
 * recorded progress implies (published, scored or committed) and loses its failure: the failed
 * attempt stays in run_stages, and this attempt marks the run failed again if a stage throws.
 */
export async function beginAttempt(connection: DuckDBConnection, runId: string, startedBy: string | null): Promise<RunAttempt> {
  const reader = await connection.runAndReadAll('SELECT coalesce(max(attempt), 0) + 1 FROM run_stages WHERE run_id = $1', [runId]);
  const attempt = Number(reader.getRows()[0]?.[0] ?? 1);
  await connection.run(
    `UPDATE runs
     SET status = CASE WHEN published_at IS NOT NULL THEN 'published' WHEN scored_at IS NOT NULL THEN 'scored' ELSE 'committed' END,
         failed_stage = NULL, failure = NULL
     WHERE run_id = $1 AND status = 'failed'`,
    [runId],
  );
  return { connection, runId, attempt, startedBy };
}
