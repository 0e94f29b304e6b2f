import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunStage } from './run-stage.js';

/** runs.status = 'failed', with the stage that failed and its one-line reason. */
export async function markRunFailed(connection: DuckDBConnection, runId: string, stage: RunStage, reason: string): Promise<void> {
  await connection.run(`UPDATE runs SET status = 'failed', failed_stage = $2, failure = $3 WHERE run_id = $1`, [runId, stage, reason]);
}
