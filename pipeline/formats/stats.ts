import { z } from 'zod';
import { SCHEMA_VERSIONS } from './schema-versions.js';

// The statistic names of the formula's statistics policy (pipeline/scoring STATISTIC_NAMES; a
// test compares them): repeated because this folder imports nothing but zod.
export const STATS_STATISTIC_NAMES = ['active_users', 'total_km', 'total_adas_km', 'km_by_region', 'trips_by_hour', 'score_histogram'] as const;
export const DERIVED_STATISTIC_NAMES = ['adas_share', 'km_per_active_user'] as const;

const statisticName = z.enum(STATS_STATISTIC_NAMES);

const costJsonSchema = z.object({
  /** zCDP rho, exact. */
  rho: z.string(),
  rho_value: z.number(),
  /** Pure epsilon, exact, when every part is pure (discrete Laplace); null otherwise. */
  epsilon: z.string().nullable(),
  epsilon_value: z.number().nullable(),
});

const intervalJsonSchema = z.object({ low: z.string(), high: z.string() });

const noisedStatisticBase = {
  name: statisticName,
  description: z.string(),
  mechanism: z.enum(['discrete_gaussian', 'discrete_laplace']),
  /** sigma of the discrete Gaussian, or b of the discrete Laplace: exact. */
  scale: z.string(),
  scale_value: z.number(),
  sensitivity: z.object({ l1: z.string(), l2_squared: z.string() }),
  cost: costJsonSchema,
};

/** A count or a clamped sum: one noisy whole number. */
const scalarStatisticJsonSchema = z.object({
  ...noisedStatisticBase,
  kind: z.enum(['count', 'sum']),
  /** The most one user-day adds (its clamp). */
  per_user_day: z.string(),
  value: z.string(),
  interval: intervalJsonSchema,
});

/** A histogram over public bins: every bin noisy, empty ones too. */
const histogramStatisticJsonSchema = z.object({
  ...noisedStatisticBase,
  kind: z.literal('histogram'),
  /** What one user-day may add: to at most max_bins bins, at most max_per_bin to each, at most max_total in all. */
  per_user_day: z.object({ max_bins: z.string(), max_per_bin: z.string(), max_total: z.string() }),
  bins: z.array(z.object({ bin: z.string(), value: z.string(), interval: intervalJsonSchema })),
});

const noisedStatisticJsonSchema = z.union([scalarStatisticJsonSchema, histogramStatisticJsonSchema]);

/** A ratio of two released statistics: post-processing, no budget of its own. */
const ratioStatisticJsonSchema = z.object({
  name: z.enum(DERIVED_STATISTIC_NAMES),
  kind: z.literal('ratio'),
  description: z.string(),
  numerator: statisticName,
  denominator: statisticName,
  /** null when the noisy denominator is below 1. */
  value: z.number().nullable(),
  /**
   * Holds the true ratio with probability at least `confidence` (both released values within
   * their intervals at 1 - (1 - confidence)/2, union bound); null when the denominator's
   * interval reaches below 1.
   */
  interval: z.object({ low: z.number(), high: z.number() }).nullable(),
  cost: z.null(),
});

const publishedStatisticSchema = z.union([scalarStatisticJsonSchema, histogramStatisticJsonSchema, ratioStatisticJsonSchema]);

/** What the period's releases of statistics spent, as rho and as (epsilon, delta) at the policy's delta. */
const spentJsonSchema = z.object({
  rho: z.string(),
  rho_value: z.number(),
  epsilon: z.number(),
  delta: z.number(),
  /** 'pure' (sum of pure epsilons) or 'zcdp' (CKS20 from rho). */
  via: z.enum(['pure', 'zcdp']),
});

const budgetJsonSchema = z.object({
  /** zCDP rho the period may spend on statistics. */
  period_budget_rho: z.string(),
  report_delta: z.number(),
  /** Before and after this run (equal when it republished). */
  spent_before: spentJsonSchema,
  spent_after: spentJsonSchema,
  remaining_rho: z.string(),
  remaining_rho_value: z.number(),
  /** Releases of statistics recorded for the period, this one included. */
  releases: z.number().int().min(0),
});

/** The run's verifiable score noise (the manifest's privacy report), and all score noise of the period. */
const scoreNoiseJsonSchema = z.object({
  mechanism: z.literal('binomial'),
  n: z.number().int(),
  k: z.number().int(),
  sensitivity: z.string(),
  /** ceil(sensitivity / k): lattice steps one user-day can move a quantised score. */
  lattice_shift: z.number().int(),
  /** k * sqrt(n) / 2, in score units. */
  noise_sd: z.number(),
  /** Per user-day and release, certified by the exact accountant. */
  epsilon: z.number(),
  delta: z.number(),
  /** Score releases of the period so far, and their score noise by basic composition. */
  runs_in_period: z.number().int(),
  epsilon_in_period: z.number().nullable(),
  delta_in_period: z.number(),
});

/**
 * bundle/stats.json: the fleet statistics of a run, each with its mechanism, noise scale,
 * sensitivity, released value(s), interval(s) and cost, and the period's budget. Whole numbers
 * are decimal strings; exact fractions are text (a decimal when it is one, "num/den"
 * otherwise), with a `_value` double for display. No user id, per-user or true value.
 *
 * Not strict, as the verifier never was about stats.json: its checks (stats.noise,
 * stats.budget) recompute what they rely on from the formula, and an extra field is not
 * a released value they would miss.
 */
export const statsSchema = z.object({
  schema_version: z.literal(SCHEMA_VERSIONS.stats),
  format: z.literal('stones-statistics/1'),
  run_id: z.string(),
  period: z.string(),
  time_zone: z.string(),
  privacy_unit: z.literal('user_day'),
  /** `<period>-stats-<12 hex digits of the data fingerprint>`. */
  release_id: z.string(),
  /** Hex SHA-256 of the data the statistics were drawn from (data-fingerprint.ts). */
  data_fingerprint: z.string(),
  /** true: this run's data was released before, and the values drawn then are published again (nothing spent). */
  republished: z.boolean(),
  /** When the values were drawn (ISO 8601). */
  released_at: z.string(),
  formula_sha256: z.string(),
  /** Hex SHA-256 of the canonical JSON of the formula's statistics section. */
  policy_sha256: z.string(),
  /** Of every interval. */
  confidence: z.number(),
  statistics: z.array(publishedStatisticSchema),
  /** What the release cost when it was drawn (all statistics composed). */
  release_cost: costJsonSchema,
  /** What this run spent: release_cost, or nothing when republished. */
  spent_by_this_run: costJsonSchema,
  budget: budgetJsonSchema,
  score_noise: scoreNoiseJsonSchema,
  /** The period's statistics and score noise together, by basic composition of (epsilon, delta). */
  period_total: z.object({ epsilon: z.number().nullable(), delta: z.number() }),
  /** How the figures above are composed, in words. */
  accounting: z.string(),
});

export type StatisticsRelease = z.infer<typeof statsSchema>;
export type CostJson = z.infer<typeof costJsonSchema>;
export type IntervalJson = z.infer<typeof intervalJsonSchema>;
export type ScalarStatisticJson = z.infer<typeof scalarStatisticJsonSchema>;
export type HistogramStatisticJson = z.infer<typeof histogramStatisticJsonSchema>;
export type NoisedStatisticJson = z.infer<typeof noisedStatisticJsonSchema>;
export type RatioStatisticJson = z.infer<typeof ratioStatisticJsonSchema>;
export type DerivedStatisticName = (typeof DERIVED_STATISTIC_NAMES)[number];
export type PublishedStatistic = z.infer<typeof publishedStatisticSchema>;
export type SpentJson = z.infer<typeof spentJsonSchema>;
export type BudgetJson = z.infer<typeof budgetJsonSchema>;
export type ScoreNoiseJson = z.infer<typeof scoreNoiseJsonSchema>;
