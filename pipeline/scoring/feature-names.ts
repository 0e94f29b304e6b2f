/**
 * The features of the published formula, in their canonical order: the order of
 * formulaNumbers (hence of the circuit inputs) and of the columns of the `features` table.
 */
export const FEATURE_NAMES = ['active_days', 'trips', 'km', 'adas_km', 'night_km', 'distinct_regions', 'tenure_days'] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
