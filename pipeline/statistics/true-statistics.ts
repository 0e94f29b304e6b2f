import { BIGINT, LIST, listValue, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/read-sql-file.js';
import { periodDays, type Period } from '../features/period.js';
import type { StatisticsPolicy } from '../scoring/statistics-policy.js';
import { hourBins, regionBins, scoreBinLabels } from './statistic-bins.js';

/**
 * The true (pre-noise) values of a period's statistics, every user-day's contribution already
 * clamped as the policy says (the .sql files next to this one state the exact rules). They
 * never leave the process: only the mechanisms read them, after drawing their noise.
 */
export interface TrueStatistics {
  readonly activeUsers: bigint;
  readonly totalKm: bigint;
  readonly totalAdasKm: bigint;
  /** By region bin (the policy's regions, then "other"), every bin present. */
  readonly kmByRegion: ReadonlyMap<string, bigint>;
  /** By local hour "00" to "23", every bin present. */
  readonly tripsByHour: ReadonlyMap<string, bigint>;
  /** By score bin label ("0-499", ..., "4500+"), every bin present. */
  readonly scoreHistogram: ReadonlyMap<string, bigint>;
}

/** Trips that start this far outside the period cannot have a local day inside it (offsets are within +-15 h). */
const SCAN_MARGIN_MS = 2 * 24 * 3_600_000;

/** The parameters of the period filter shared by statistics-trips.sql and period-loads.sql. */
export function periodScan(period: Period): { time_zone: string; first_day: string; last_day: string; scan_from: string; scan_until: string } {
  const { first, last } = periodDays(period);
  return {
    time_zone: period.timeZone,
    first_day: first,
    last_day: last,
    scan_from: new Date(period.start.getTime() - SCAN_MARGIN_MS).toISOString(),
    scan_until: new Date(period.end.getTime() + SCAN_MARGIN_MS).toISOString(),
  };
}

/**
 * Computes the true values of the period's statistics in DuckDB: the trips of the period
 * (all loads, in the period's time zone) and the scores of the run. Uses a temporary table
 * of this connection, dropped before returning.
 */
export async function computeTrueStatistics(
  connection: DuckDBConnection,
  options: { period: Period; policy: StatisticsPolicy; runId: string },
): Promise<TrueStatistics> {
  const { period, policy } = options;
  const { clamps } = policy;
  const scan = periodScan(period);
  await connection.run(
    readSqlFile('pipeline/statistics/statistics-trips.sql'),
    { ...scan, regions: listValue([...policy.regions]) },
    { time_zone: VARCHAR, first_day: VARCHAR, last_day: VARCHAR, scan_from: VARCHAR, scan_until: VARCHAR, regions: LIST(VARCHAR) },
  );
  try {
    const totals = (
      await connection.runAndReadAll(readSqlFile('pipeline/statistics/user-day-totals.sql'), {
        km_per_day: clamps.km_per_day,
        adas_km_per_day: clamps.adas_km_per_day,
      })
    ).getRows()[0] as [bigint, bigint, bigint];
    const regionRows = (
      await connection.runAndReadAll(readSqlFile('pipeline/statistics/km-by-region.sql'), {
        km_per_day: clamps.km_per_day,
        regions_per_day: clamps.regions_per_day,
      })
    ).getRows();
    const hourRows = (await connection.runAndReadAll(readSqlFile('pipeline/statistics/trips-by-hour.sql'), { trips_per_day: clamps.trips_per_day })).getRows();
    const scoreRows = (
      await connection.runAndReadAll(
        readSqlFile('pipeline/statistics/score-bins.sql'),
        { edges: listValue(policy.score_bin_edges.map(BigInt)), run_id: options.runId },
        { edges: LIST(BIGINT), run_id: VARCHAR },
      )
    ).getRows();

    const hours = hourBins();
    const scoreLabels = scoreBinLabels(policy.score_bin_edges);
    return {
      activeUsers: BigInt(totals[0]),
      totalKm: BigInt(totals[1]),
      totalAdasKm: BigInt(totals[2]),
      kmByRegion: countsByBin(
        regionBins(policy.regions),
        regionRows.map(([bin, value]) => [String(bin), value]),
      ),
      tripsByHour: countsByBin(
        hours,
        hourRows.map(([hour, value]) => [hours[Number(hour)] as string, value]),
      ),
      scoreHistogram: countsByBin(
        scoreLabels,
        scoreRows.map(([bin, value]) => [scoreLabels[Number(bin)] as string, value]),
      ),
    };
  } finally {
    await connection.run('DROP TABLE IF EXISTS statistics_trips');
  }
}

/** Every public bin with its count (0 when no row came back); a row outside the bins is a bug. */
function countsByBin(bins: readonly string[], rows: readonly (readonly [string, unknown])[]): Map<string, bigint> {
  const counts = new Map(bins.map((bin) => [bin, 0n]));
  for (const [bin, value] of rows) {
    if (!counts.has(bin)) throw new Error(`statistics: a count for "${bin}", which is not a public bin`);
    counts.set(bin, BigInt(value as bigint | number));
  }
  return counts;
}
