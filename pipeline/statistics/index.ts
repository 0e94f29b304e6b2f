export { checkStatisticsRelease, releaseStatistics } from './release-statistics.js';
export { computeTrueStatistics, type TrueStatistics } from './true-statistics.js';
export { planRelease } from './release-plan.js';
export { readPeriodLedger, type LedgerRow } from './privacy-ledger.js';
export { accountPeriod, costOfRow, spentJson } from './period-accounting.js';
export { exactText } from './exact-text.js';
export type {
  NoisedStatisticJson,
  StatisticsRelease,
} from './statistics-release.js';
