import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/read-sql-file.js';
import type { Period } from '../features/period.js';
import { canonicalJson } from '../scoring/canonical-formula-json.js';
import { periodScan } from './true-statistics.js';

export interface DataFingerprint {
  /** Hex SHA-256 of the canonical JSON of everything below. */
  readonly fingerprint: string;
  /** SHA-256 of each load (input file) with an accepted trip in the period, sorted. */
  readonly loads: readonly string[];
}

/**
 * Which data a release of statistics is drawn from. Two runs with the same fingerprint see
 * the same trips in the period (the same loads), under the same formula (which holds the
 * statistics policy: a changed policy or formula is a new release) and with the same
 * committed features (the run's data root: scores also depend on trips before the period,
 * through tenure), so the second one republishes the first one's values. A new file with
 * trips in the period changes the loads: a new release, which spends budget again.
 */
export async function dataFingerprint(
  connection: DuckDBConnection,
  options: { period: Period; formulaSha256: string; dataRoot: string },
): Promise<DataFingerprint> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/statistics/period-loads.sql'), periodScan(options.period));
  const loads = reader.getRows().map(([sha256]) => String(sha256));
  const fingerprint = createHash('sha256')
    .update(
      canonicalJson({
        fingerprint: 'stones-statistics-data/1',
        period: options.period.id,
        time_zone: options.period.timeZone,
        formula_sha256: options.formulaSha256,
        data_root: options.dataRoot,
        loads,
      }),
      'utf8',
    )
    .digest('hex');
  return { fingerprint, loads };
}

/** The id of the release of this data: `<period>-stats-<12 hex digits of the fingerprint>`. */
export function releaseIdOf(periodId: string, fingerprint: string): string {
  return `${periodId}-stats-${fingerprint.slice(0, 12)}`;
}
