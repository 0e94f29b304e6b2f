import { VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/index.js';

export interface EnrolledOwner {
  userId: string;
  /** 'YYYY-MM-DD' */
  enrolledOn: string;
}

/**
 * The owners enrolled on or before `lastDay` ('YYYY-MM-DD', e.g. the last local day of a
 * period: periodDays(period).last), by user_id: everyone a period scores, whether they drove
 * or not. SQL that needs them in a join reads the same thing from the table:
 * `SELECT user_id, enrolled_on FROM owners WHERE enrolled_on <= CAST(<lastDay> AS DATE)`
 * (pipeline/ingest/sql/owners-enrolled-by.sql).
 */
export async function ownersEnrolledBy(connection: DuckDBConnection, lastDay: string): Promise<EnrolledOwner[]> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/ingest/sql/owners-enrolled-by.sql'), [lastDay], [VARCHAR]);
  return reader.getRowObjectsJS().map((row) => ({ userId: String(row.user_id), enrolledOn: String(row.enrolled_on) }));
}
