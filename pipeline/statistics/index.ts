export { checkStatisticsRelease, releaseStatistics, policySha256, type ReleaseStatisticsOptions } from './release-statistics.js';
export { computeTrueStatistics, type TrueStatistics } from './true-statistics.js';
export { planRelease, type PlannedStatistic, type ReleasePlan } from './release-plan.js';
export { dataFingerprint, releaseIdOf, type DataFingerprint } from './data-fingerprint.js';
export { readPeriodLedger, SCORE_NOISE_STATISTIC, type LedgerRow } from './privacy-ledger.js';
export { accountPeriod, costOfRow, spentJson, type PeriodAccount } from './period-accounting.js';
export { hourBins, regionBins, scoreBinLabels } from './statistic-bins.js';
export { exactText } from './exact-text.js';
export type {
  BudgetJson,
  CostJson,
  HistogramStatisticJson,
  NoisedStatisticJson,
  PublishedStatistic,
  RatioStatisticJson,
  ScalarStatisticJson,
  ScoreNoiseJson,
  SpentJson,
  StatisticsRelease,
} from './statistics-release.js';
