import type { StatisticsRelease } from '../pipeline/statistics/index.js';

/** A figure for people: at most 4 significant digits ("0.25", "4.113"). */
export function figure(value: number | null): string {
  if (value === null) return 'unbounded';
  return String(Number(value.toPrecision(4)));
}

/** The line `stones run` and `stones score` print about the run's statistics. */
export function formatStatisticsSummary(release: StatisticsRelease): string {
  const { budget } = release;
  const what = release.republished
    ? `republished release ${release.release_id} (data already released for ${release.period}: nothing drawn, nothing spent)`
    : `release ${release.release_id}, ${release.statistics.length} statistics, spent rho ${figure(release.spent_by_this_run.rho_value)}`;
  return (
    `statistics: ${what}; period ${release.period}: rho ${figure(budget.spent_after.rho_value)} of ${budget.period_budget_rho} spent ` +
    `(epsilon ${figure(budget.spent_after.epsilon)} at delta ${budget.spent_after.delta}), ${figure(budget.remaining_rho_value)} left`
  );
}
