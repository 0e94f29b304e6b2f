import { BIGINT, DOUBLE, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/read-sql-file.js';

/** One row of `privacy_ledger` (schema.sql): a statistic of a release, or the score noise of a run. */
export interface LedgerRow {
  readonly releaseId: string;
  readonly runId: string;
  readonly period: string;
  readonly timeZone: string;
  readonly dataFingerprint: string;
  /** A StatisticName, or 'score_noise' for the binomial row of a run. */
  readonly statistic: string;
  readonly mechanism: 'discrete_gaussian' | 'discrete_laplace' | 'binomial';
  readonly sensitivityL1: bigint;
  readonly sensitivityL2Squared: bigint;
  /** Exact text: sigma, b, or k of the binomial. */
  readonly scale: string;
  /** Exact zCDP rho; null for the binomial, which is accounted as (epsilon, delta) only. */
  readonly rho: string | null;
  readonly rhoValue: number | null;
  /** Exact pure epsilon (Laplace); null for the Gaussian; the theorem's epsilon (a double's text) for the binomial. */
  readonly epsilon: string | null;
  readonly epsilonValue: number | null;
  /** The binomial's delta; null otherwise. */
  readonly delta: number | null;
  /** JSON: the statistic as stats.json published it (or the score noise report). */
  readonly released: string;
  /** Set by the database when inserted. */
  readonly recordedAt?: Date;
}

/** Every row of the period, whatever its time zone, oldest release first. */
export async function readPeriodLedger(connection: DuckDBConnection, periodId: string): Promise<LedgerRow[]> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/statistics/read-period-ledger.sql'), { period: periodId }, { period: VARCHAR });
  return reader.getRowObjectsJS().map((row) => ({
    releaseId: String(row.release_id),
    runId: String(row.run_id),
    period: String(row.period),
    timeZone: String(row.time_zone),
    dataFingerprint: String(row.data_fingerprint),
    statistic: String(row.statistic),
    mechanism: String(row.mechanism) as LedgerRow['mechanism'],
    sensitivityL1: BigInt(row.sensitivity_l1 as bigint),
    sensitivityL2Squared: BigInt(row.sensitivity_l2_squared as bigint),
    scale: String(row.scale),
    rho: row.rho === null ? null : String(row.rho),
    rhoValue: row.rho_value === null ? null : Number(row.rho_value),
    epsilon: row.epsilon === null ? null : String(row.epsilon),
    epsilonValue: row.epsilon_value === null ? null : Number(row.epsilon_value),
    delta: row.delta === null ? null : Number(row.delta),
    released: String(row.released),
    recordedAt: new Date(Number(row.recorded_ms)),
  }));
}

/** Inserts the rows; the caller holds the transaction that makes them all or none. */
export async function insertLedgerRows(connection: DuckDBConnection, rows: readonly LedgerRow[]): Promise<void> {
  const sql = readSqlFile('pipeline/statistics/insert-ledger-row.sql');
  for (const row of rows) {
    await connection.run(
      sql,
      {
        release_id: row.releaseId,
        run_id: row.runId,
        period: row.period,
        time_zone: row.timeZone,
        data_fingerprint: row.dataFingerprint,
        statistic: row.statistic,
        mechanism: row.mechanism,
        sensitivity_l1: row.sensitivityL1,
        sensitivity_l2_squared: row.sensitivityL2Squared,
        scale: row.scale,
        rho: row.rho,
        rho_value: row.rhoValue,
        epsilon: row.epsilon,
        epsilon_value: row.epsilonValue,
        delta: row.delta,
        released: row.released,
      },
      {
        release_id: VARCHAR,
        run_id: VARCHAR,
        period: VARCHAR,
        time_zone: VARCHAR,
        data_fingerprint: VARCHAR,
        statistic: VARCHAR,
        mechanism: VARCHAR,
        sensitivity_l1: BIGINT,
        sensitivity_l2_squared: BIGINT,
        scale: VARCHAR,
        rho: VARCHAR,
        rho_value: DOUBLE,
        epsilon: VARCHAR,
        epsilon_value: DOUBLE,
        delta: DOUBLE,
        released: VARCHAR,
      },
    );
  }
}
