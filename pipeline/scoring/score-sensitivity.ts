import { FEATURE_NAMES } from './feature-names.js';
import type { Formula } from './parse-formula.js';

/**
 * The most one day of one user's driving (the privacy unit, user_day) can change that user's
 * score: sum over the features of weight * min(daily_cap, cap). Each feature is clamped per
 * day at daily_cap before the days are summed (compute-features.sql), min(., cap) is
 * 1-Lipschitz, removing a day never increases a feature, and tenure can move by its whole cap
 * (its daily_cap equals its cap). A user whose only day is removed loses a row whose score is
 * itself within this bound.
 */
export function scoreSensitivity(formula: Formula): bigint {
  let sensitivity = 0n;
  for (const name of FEATURE_NAMES) {
    const { weight, cap, daily_cap } = formula.features[name];
    sensitivity += BigInt(weight) * BigInt(Math.min(daily_cap, cap));
  }
  return sensitivity;
}
