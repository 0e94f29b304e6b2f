import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../../pipeline/errors/index.js';

/** A run id that is not in `runs` is refused before any history is written for it. */
export async function requireRun(connection: DuckDBConnection, runId: string): Promise<{ scored: boolean }> {
  const reader = await connection.runAndReadAll('SELECT scored_at IS NOT NULL FROM runs WHERE run_id = $1', [runId]);
  const row = reader.getRows()[0];
  if (row === undefined) throw new UsageError(`no run ${runId}: commit the period first (stones commit --period P)`);
  return { scored: row[0] === true };
}
