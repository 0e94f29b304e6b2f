import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction } from '../db/in-transaction.js';
import { readSqlFile } from '../db/read-sql-file.js';
import { UsageError } from '../errors/usage-error.js';
import { DEFAULT_DAILY_CAPS, validateDailyCaps, type DailyCaps } from './daily-caps.js';
import { periodDays, type Period } from './period.js';

export interface ComputeFeaturesOptions {
  period: Period;
  /** Daily caps; DEFAULT_DAILY_CAPS when not given. */
  caps?: DailyCaps;
}

/** What a period's features cover, and the trips no score counts (internal: never published). */
export interface FeaturesSummary {
  /** Enrolled owners (by the period's last day): one features row each. */
  users: number;
  /** Of them, those with at least one counted trip in the period. */
  activeUsers: number;
  /** Trips in the period of drivers not enrolled by its last day, and how many such drivers. */
  unenrolledTrips: number;
  unenrolledDrivers: number;
  /** Trips in the period an enrolled owner made before their enrolment day. */
  tripsBeforeEnrolment: number;
}

/** Trips that start this far outside the period cannot have a local day inside it. */
const SCAN_MARGIN_MS = 2 * 24 * 3_600_000;

/**
 * Computes the `features` rows of one period (semantics at the top of compute-features.sql):
 * one row per enrolled owner, in one SQL statement, and replaces the period's previous rows in
 * one transaction: readers see either the old rows or the new ones, never a half-written
 * period. The connection must not already be inside a transaction.
 */
export async function computeFeatures(connection: DuckDBConnection, options: ComputeFeaturesOptions): Promise<FeaturesSummary> {
  const { period } = options;
  const caps = validateDailyCaps(options.caps ?? DEFAULT_DAILY_CAPS);
  await checkDuckDbKnowsZone(connection, period.timeZone);
  const { first, last } = periodDays(period);
  const window = {
    time_zone: period.timeZone,
    first_day: first,
    last_day: last,
    scan_from: new Date(period.start.getTime() - SCAN_MARGIN_MS).toISOString(),
    scan_until: new Date(period.end.getTime() + SCAN_MARGIN_MS).toISOString(),
  };

  await connection.run(readSqlFile('pipeline/features/features-table.sql'));
  const users = await inTransaction(connection, async () => {
    await connection.run(readSqlFile('pipeline/features/delete-period-features.sql'), { period: period.id });
    const inserted = await connection.run(readSqlFile('pipeline/features/compute-features.sql'), {
      period: period.id,
      ...window,
      cap_trips: caps.trips,
      cap_km: caps.km,
      cap_adas_km: caps.adas_km,
      cap_night_km: caps.night_km,
      cap_regions: caps.distinct_regions,
    });
    return inserted.rowsChanged;
  });
  const active = await connection.runAndReadAll('SELECT count(*) FROM features WHERE period = $1 AND active_days > 0', [period.id]);
  const unscored = await connection.runAndReadAll(readSqlFile('pipeline/features/count-unscored-trips.sql'), window);
  const [unenrolledTrips, unenrolledDrivers, tripsBeforeEnrolment] = (unscored.getRows()[0] ?? [0, 0, 0]).map((value) => Number(value ?? 0));
  return {
    users,
    activeUsers: Number(active.getRows()[0]?.[0] ?? 0),
    unenrolledTrips: unenrolledTrips ?? 0,
    unenrolledDrivers: unenrolledDrivers ?? 0,
    tripsBeforeEnrolment: tripsBeforeEnrolment ?? 0,
  };
}

/** DuckDB converts with its own ICU build: a zone it does not know is a user error too. */
async function checkDuckDbKnowsZone(connection: DuckDBConnection, timeZone: string): Promise<void> {
  try {
    await connection.run(readSqlFile('pipeline/features/check-time-zone.sql'), { time_zone: timeZone });
  } catch (error) {
    throw new UsageError(`unknown time zone "${timeZone}" (DuckDB's time-zone database does not have it)`, { cause: error });
  }
}
