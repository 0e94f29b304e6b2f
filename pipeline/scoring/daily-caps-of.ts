import type { DailyCaps } from '../features/daily-caps.js';
import type { Formula } from './formula.js';

/**
 * The daily caps the features stage clamps each user-day at (computeFeatures' `caps`), from
 * the formula: the bound on what one day of one user's driving can add is published with it.
 * (active_days counts 1 per day by construction; tenure is bounded by its cap.)
 */
export function dailyCapsOf(formula: Formula): DailyCaps {
  const { trips, km, adas_km, night_km, distinct_regions } = formula.features;
  return {
    trips: trips.daily_cap,
    km: km.daily_cap,
    adas_km: adas_km.daily_cap,
    night_km: night_km.daily_cap,
    distinct_regions: distinct_regions.daily_cap,
  };
}
