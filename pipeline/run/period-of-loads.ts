import { BIGINT, LIST, listValue, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../errors/index.js';

/**
 * The local calendar month that most trips of these loads started in: the period a run of
 * these files is about. (A file of one month always has a few trips that fall in the next
 * month in another time zone, so "the month of the latest trip" would be wrong.)
 */
export async function periodOfLoads(connection: DuckDBConnection, loadIds: readonly bigint[], timeZone: string): Promise<string> {
  const reader = await connection.runAndReadAll(
    `SELECT strftime(timezone($1, started_at), '%Y-%m') AS month, count(*) AS trips
     FROM trips
     WHERE list_contains($2, load_id)
     GROUP BY month
     ORDER BY trips DESC, month DESC
     LIMIT 1`,
    [timeZone, listValue([...loadIds])],
    [VARCHAR, LIST(BIGINT)],
  );
  const period = reader.getRows()[0]?.[0];
  if (typeof period !== 'string') throw new UsageError('the input files hold no accepted trip, so there is no period to run: give --period');
  return period;
}
