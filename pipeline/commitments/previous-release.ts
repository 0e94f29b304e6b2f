import type { DuckDBConnection } from '@duckdb/node-api';
import { PeriodChainError } from '../errors/index.js';
import { previousPeriodId } from '../features/adjacent-period.js';

/** The release a period carries on from: the run whose remainder is its carried_in. */
export interface PreviousRelease {
  runId: string;
  period: string;
  remainder: bigint;
}

/** The earliest run of a later period, if any (whatever its status: a failed one may be resumed). */
const LATER_RUN_SQL = `SELECT run_id, period FROM runs WHERE period > $1 ORDER BY period, created_at LIMIT 1`;
/** The latest earlier period that has any run. */
const LATEST_EARLIER_PERIOD_SQL = `SELECT max(period) FROM runs WHERE period < $1`;
/** A period's release in force: its latest scored run (a correction replaces the release before it). */
const RELEASE_IN_FORCE_SQL = `SELECT run_id, remainder FROM runs WHERE period = $1 AND remainder IS NOT NULL ORDER BY scored_at DESC LIMIT 1`;

/**
 * The release period `periodId` carries on from, or undefined for the first period (which
 * carries 0). The periods form a chain: each carries the remainder of the month before, as
 * that month's release in force (its latest scored run). So a period is refused when the month
 * before it has runs but no release, when an earlier month was skipped, and when a later
 * period already exists (it carried this period's remainder as it was: a correction now
 * would leave that out of date and the stones in between unaccounted).
 */
export async function previousRelease(connection: DuckDBConnection, periodId: string): Promise<PreviousRelease | undefined> {
  const later = (await connection.runAndReadAll(LATER_RUN_SQL, [periodId])).getRows()[0];
  if (later !== undefined) {
    throw new PeriodChainError(
      `period ${periodId} cannot be released now: period ${String(later[1])} (run ${String(later[0])}) is already committed and carries on from the periods before it`,
    );
  }
  const earlier = (await connection.runAndReadAll(LATEST_EARLIER_PERIOD_SQL, [periodId])).getRows()[0]?.[0];
  if (earlier === undefined || earlier === null) return undefined;
  const expected = previousPeriodId(periodId);
  if (String(earlier) !== expected) {
    throw new PeriodChainError(
      `period ${periodId} would carry on from ${String(earlier)}: ${expected} was never released; release it first (an empty month too: its pool is carried on)`,
    );
  }
  const release = (await connection.runAndReadAll(RELEASE_IN_FORCE_SQL, [expected])).getRows()[0];
  if (release === undefined) {
    throw new PeriodChainError(`period ${periodId} carries on from ${expected}, whose run was never scored: finish it first (stones run --resume)`);
  }
  return { runId: String(release[0]), period: expected, remainder: BigInt(release[1] as bigint) };
}
