export { DEFAULT_DAILY_CAPS, validateDailyCaps, type DailyCaps } from './daily-caps.js';
export { parsePeriod, periodDays, type Period } from './period.js';
export { nextPeriodId } from './adjacent-period.js';
export { resolveTimeZone, startOfLocalDay } from './time-zone.js';
export { computeFeatures, type FeaturesSummary } from './compute-features.js';
