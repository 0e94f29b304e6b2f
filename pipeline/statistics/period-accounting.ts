import { approximateDp, composeCosts, type PrivacyCost } from '../privacy/privacy-accounting.js';
import { parseRational } from '../privacy/rational.js';
import { costJson } from './exact-text.js';
import type { LedgerRow } from './privacy-ledger.js';
import type { SpentJson } from './statistics-release.js';

/** What a period has spent, from its ledger rows. */
export interface PeriodAccount {
  /** Every release of statistics of the period composed: rhos add, pure epsilons add while all are pure. */
  readonly statistics: PrivacyCost;
  /** The ids of those releases, oldest first. */
  readonly releases: readonly string[];
  /** The score noise of the period's runs (one binomial row each), by basic composition. */
  readonly scoreNoise: { readonly runs: number; readonly epsilon: number; readonly delta: number };
}

/** The exact cost a ledger row of a statistic records. */
export function costOfRow(row: LedgerRow): PrivacyCost {
  if (row.rho === null) throw new Error(`privacy ledger: row ${row.releaseId}/${row.statistic} has no rho`);
  return { epsilon: row.epsilon === null ? null : parseRational(row.epsilon), rho: parseRational(row.rho) };
}

export function accountPeriod(rows: readonly LedgerRow[]): PeriodAccount {
  const statisticRows = rows.filter((row) => row.mechanism !== 'binomial');
  const scoreRows = rows.filter((row) => row.mechanism === 'binomial');
  return {
    statistics: composeCosts(statisticRows.map(costOfRow)),
    releases: [...new Set(statisticRows.map((row) => row.releaseId))],
    scoreNoise: {
      runs: scoreRows.length,
      epsilon: scoreRows.reduce((sum, row) => sum + (row.epsilonValue ?? Infinity), 0),
      delta: scoreRows.reduce((sum, row) => sum + (row.delta ?? 0), 0),
    },
  };
}

/** A cost as rho and as (epsilon, delta) at the report delta (the better of pure composition and CKS20). */
export function spentJson(cost: PrivacyCost, reportDelta: number): SpentJson {
  const dp = approximateDp(cost, reportDelta);
  const { rho, rho_value } = costJson(cost);
  return { rho, rho_value, epsilon: dp.epsilon, delta: dp.delta, via: dp.via };
}
