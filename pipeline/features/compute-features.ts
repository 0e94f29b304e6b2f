import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, readSqlFile } from '../db/index.js';
import { UsageError } from '../errors/index.js';
import { DEFAULT_DAILY_CAPS, validateDailyCaps, type DailyCaps } from './daily-caps.js';
import { periodDays, type Period } from './period.js';

export interface ComputeFeaturesOptions {
  period: Period;
  /** Daily caps; DEFAULT_DAILY_CAPS when not given. */
  caps?: DailyCaps;
}

/** Trips that start this long after the period end cannot have a local day inside it. */
const SCAN_MARGIN_MS = 2 * 24 * 3_600_000;

/**
 * Computes the `features` rows of one period (semantics at the top of compute-features.sql)
 * in one SQL statement, and replaces the period's previous rows in one transaction: readers
 * see either the old rows or the new ones, never a half-written period. The connection must
 * not already be inside a transaction.
 */
export async function computeFeatures(
  connection: DuckDBConnection,
  options: ComputeFeaturesOptions,
): Promise<{ users: number }> {
  const { period } = options;
  const caps = validateDailyCaps(options.caps ?? DEFAULT_DAILY_CAPS);
  await checkDuckDbKnowsZone(connection, period.timeZone);
  const { first, last } = periodDays(period);

  await connection.run(readSqlFile('pipeline/features/features-table.sql'));
  return inTransaction(connection, async () => {
    await connection.run(readSqlFile('pipeline/features/delete-period-features.sql'), { period: period.id });
    const inserted = await connection.run(readSqlFile('pipeline/features/compute-features.sql'), {
      period: period.id,
      time_zone: period.timeZone,
      first_day: first,
      last_day: last,
      scan_until: new Date(period.end.getTime() + SCAN_MARGIN_MS).toISOString(),
      cap_trips: caps.trips,
      cap_km: caps.km,
      cap_adas_km: caps.adas_km,
      cap_night_km: caps.night_km,
      cap_regions: caps.distinct_regions,
    });
    return { users: inserted.rowsChanged };
  });
}

/** DuckDB converts with its own ICU build: a zone it does not know is a user error too. */
async function checkDuckDbKnowsZone(connection: DuckDBConnection, timeZone: string): Promise<void> {
  try {
    await connection.run(readSqlFile('pipeline/features/check-time-zone.sql'), { time_zone: timeZone });
  } catch (error) {
    throw new UsageError(`unknown time zone "${timeZone}" (DuckDB's time-zone database does not have it)`, { cause: error });
  }
}
