import {
  compareRational,
  composeCosts,
  divideRational,
  floorRational,
  parseRational,
  RATIONAL_ZERO,
  rationalToNumber,
  subtractRational,
  type PrivacyCost,
} from '../pipeline/privacy/index.js';
import { STATISTIC_NAMES, type Formula, type StatisticName, type StatisticsPolicy } from '../pipeline/scoring/index.js';
import { accountPeriod, costOfRow, exactText, planRelease, spentJson, type LedgerRow } from '../pipeline/statistics/index.js';
import { figure } from './format-statistics-summary.js';

/** A table with left-aligned columns, two spaces apart, each line indented. */
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => `${indent}${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}

/** An exact figure: the decimal when it is short, else the double to 4 digits (with the exact text beside it in the ledger). */
function exactFigure(text: string | null): string {
  if (text === null) return '-';
  return text.length <= 12 ? text : figure(rationalToNumber(parseRational(text)));
}

function approximate(cost: PrivacyCost, delta: number): string {
  const spent = spentJson(cost, delta);
  return spent.via === 'pure' ? `epsilon ${figure(spent.epsilon)}, pure` : `epsilon ${figure(spent.epsilon)} at delta ${spent.delta}`;
}

/**
 * What `stones privacy ledger --period P` prints: every release of statistics of the period with
 * its statistics and their cost, the score noise of each run, what is spent, what is left.
 */
export function formatPrivacyLedger(periodId: string, rows: readonly LedgerRow[], policy: StatisticsPolicy, formula?: Formula): string {
  const delta = policy.report_delta;
  const lines: string[] = [
    `privacy ledger of period ${periodId} (privacy unit: one day of one user's driving)`,
    `budget: rho ${policy.period_budget_rho} for the period's statistics (zCDP, all time zones together), reported at delta ${delta}`,
  ];
  const statisticRows = rows.filter((row) => row.mechanism !== 'binomial');
  const scoreRows = rows.filter((row) => row.mechanism === 'binomial');
  const account = accountPeriod(rows);
  for (const releaseId of account.releases) {
    const own = statisticRows
      .filter((row) => row.releaseId === releaseId)
      .sort((a, b) => STATISTIC_NAMES.indexOf(a.statistic as StatisticName) - STATISTIC_NAMES.indexOf(b.statistic as StatisticName));
    const first = own[0]!;
    const cost = composeCosts(own.map(costOfRow));
    lines.push(
      '',
      `release ${releaseId}: run ${first.runId}, ${first.timeZone}, recorded ${first.recordedAt?.toISOString() ?? '?'}, data ${first.dataFingerprint.slice(0, 16)}…`,
      ...table([
        ['statistic', 'mechanism', 'scale', 'l1', 'l2^2', 'rho', 'epsilon'],
        ...own.map((row) => [
          row.statistic,
          row.mechanism,
          exactFigure(row.scale),
          row.sensitivityL1.toString(),
          row.sensitivityL2Squared.toString(),
          exactFigure(row.rho),
          exactFigure(row.epsilon),
        ]),
      ]),
      `  spent: rho ${figure(rationalToNumber(cost.rho))} (${approximate(cost, delta)})`,
    );
  }
  if (account.releases.length === 0) lines.push('', `no release of statistics recorded for ${periodId}`);

  const budget = parseRational(policy.period_budget_rho);
  const left = subtractRational(budget, account.statistics.rho);
  const perRelease = planRelease(policy).cost.rho;
  const more = compareRational(left, RATIONAL_ZERO) >= 0 ? floorRational(divideRational(left, perRelease)) : 0n;
  lines.push(
    '',
    `spent on statistics: rho ${figure(rationalToNumber(account.statistics.rho))} of ${policy.period_budget_rho} ` +
      `(${approximate(account.statistics, delta)}) in ${account.releases.length} ${account.releases.length === 1 ? 'release' : 'releases'}`,
    `left: rho ${exactFigure(exactText(left))}: ${more} more ${more === 1n ? 'release' : 'releases'} of rho ${figure(rationalToNumber(perRelease))} under this policy`,
  );
  scoreRows.forEach((row, index) => {
    lines.push(
      `score release ${index + 1} (run ${row.runId}, ${row.recordedAt?.toISOString() ?? 'time unknown'}): binomial on the lattice (k ${row.scale}, sensitivity ${row.sensitivityL1}), ` +
        `epsilon ${figure(row.epsilonValue)}, delta ${figure(row.delta)}`,
    );
  });
  const scoreBudget = formula?.release.period_epsilon;
  if (scoreBudget !== undefined) {
    lines.push(
      `spent on score releases: epsilon ${figure(account.scoreNoise.epsilon)} of ${scoreBudget} (each further release of the period's scores is charged and refused past it)`,
    );
  }
  const stats = spentJson(account.statistics, delta);
  const epsilon = stats.epsilon + account.scoreNoise.epsilon;
  lines.push(
    `in all, statistics and score noise by basic composition: epsilon ${figure(Number.isFinite(epsilon) ? epsilon : null)}, delta ${figure(stats.delta + account.scoreNoise.delta)}` +
      ` (${account.scoreNoise.runs} score ${account.scoreNoise.runs === 1 ? 'release' : 'releases'})`,
  );
  return `${lines.join('\n')}\n`;
}
