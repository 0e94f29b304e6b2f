export { DEFAULT_DAILY_CAPS, DAILY_CAP_FIELDS, MAX_DAILY_CAP, validateDailyCaps, type DailyCaps } from './daily-caps.js';
export { parsePeriod, periodDays, type Period } from './period.js';
export { previousPeriodId, nextPeriodId, monthsBetween } from './adjacent-period.js';
export { resolveTimeZone, startOfLocalDay, zoneOffsetMs } from './time-zone.js';
export { computeFeatures, type ComputeFeaturesOptions, type FeaturesSummary } from './compute-features.js';
