import { FEATURE_NAMES } from './feature-names.js';
import type { Formula } from './formula.js';

/**
 * The most one day of one owner's driving (the privacy unit, user_day) can change that owner's
 * score: sum over the features of weight * min(daily_cap, cap). Each feature is clamped per
 * day at daily_cap before the days are summed (compute-features.sql), min(., cap) is
 * 1-Lipschitz, and adding or removing a day moves each feature by at most its daily cap.
 * Tenure counts from the enrolment date, so its daily cap is 0. Every enrolled owner has a
 * line whether they drove or not, so a day never adds or removes a line.
 */
export function scoreSensitivity(formula: Formula): bigint {
  let sensitivity = 0n;
  for (const name of FEATURE_NAMES) {
    const { weight, cap, daily_cap } = formula.features[name];
    sensitivity += BigInt(weight) * BigInt(Math.min(daily_cap, cap));
  }
  return sensitivity;
}
