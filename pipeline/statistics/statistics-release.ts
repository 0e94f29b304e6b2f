import type { ApproximateDp } from '../privacy/index.js';
import type { StatisticName } from '../scoring/index.js';

/**
 * What `bundle/stats.json` holds: the fleet statistics of a run, each with its mechanism,
 * noise scale, sensitivity, released value(s), interval(s) and cost, and the period's budget.
 * Whole numbers are decimal strings; exact fractions are text (a decimal when it is one,
 * "num/den" otherwise, both read back by parseRational), with a `_value` double for display.
 * Nothing in it is a user id, a per-user value or a true (pre-noise) value.
 */
export interface StatisticsRelease {
  readonly format: 'stones-statistics/1';
  readonly run_id: string;
  readonly period: string;
  readonly time_zone: string;
  readonly privacy_unit: 'user_day';
  /** `<period>-stats-<12 hex digits of the data fingerprint>`. */
  readonly release_id: string;
  /** Hex SHA-256 of the data the statistics were drawn from (data-fingerprint.ts). */
  readonly data_fingerprint: string;
  /** true: this run's data was released before, and the values drawn then are published again (nothing spent). */
  readonly republished: boolean;
  /** When the values were drawn (ISO 8601). */
  readonly released_at: string;
  readonly formula_sha256: string;
  /** Hex SHA-256 of the canonical JSON of the formula's statistics section. */
  readonly policy_sha256: string;
  /** Of every interval. */
  readonly confidence: number;
  readonly statistics: readonly PublishedStatistic[];
  /** What the release cost when it was drawn (all statistics composed). */
  readonly release_cost: CostJson;
  /** What this run spent: release_cost, or nothing when republished. */
  readonly spent_by_this_run: CostJson;
  readonly budget: BudgetJson;
  readonly score_noise: ScoreNoiseJson;
  /** The period's statistics and score noise together, by basic composition of (epsilon, delta). */
  readonly period_total: { readonly epsilon: number | null; readonly delta: number };
  /** How the figures above are composed, in words. */
  readonly accounting: string;
}

export interface CostJson {
  /** zCDP rho, exact. */
  readonly rho: string;
  readonly rho_value: number;
  /** Pure epsilon, exact, when every part is pure (discrete Laplace); null otherwise. */
  readonly epsilon: string | null;
  readonly epsilon_value: number | null;
}

export interface IntervalJson {
  readonly low: string;
  readonly high: string;
}

interface NoisedStatisticBase {
  readonly name: StatisticName;
  readonly description: string;
  readonly mechanism: 'discrete_gaussian' | 'discrete_laplace';
  /** sigma of the discrete Gaussian, or b of the discrete Laplace: exact. */
  readonly scale: string;
  readonly scale_value: number;
  readonly sensitivity: { readonly l1: string; readonly l2_squared: string };
  readonly cost: CostJson;
}

/** A count or a clamped sum: one noisy whole number. */
export interface ScalarStatisticJson extends NoisedStatisticBase {
  readonly kind: 'count' | 'sum';
  /** The most one user-day adds (its clamp). */
  readonly per_user_day: string;
  readonly value: string;
  readonly interval: IntervalJson;
}

/** A histogram over public bins: every bin noisy, empty ones too. */
export interface HistogramStatisticJson extends NoisedStatisticBase {
  readonly kind: 'histogram';
  /** What one user-day may add: to at most max_bins bins, at most max_per_bin to each, at most max_total in all. */
  readonly per_user_day: { readonly max_bins: string; readonly max_per_bin: string; readonly max_total: string };
  readonly bins: readonly { readonly bin: string; readonly value: string; readonly interval: IntervalJson }[];
}

export type NoisedStatisticJson = ScalarStatisticJson | HistogramStatisticJson;

export type DerivedStatisticName = 'adas_share' | 'km_per_active_user';

/** A ratio of two released statistics: post-processing, no budget of its own. */
export interface RatioStatisticJson {
  readonly name: DerivedStatisticName;
  readonly kind: 'ratio';
  readonly description: string;
  readonly numerator: StatisticName;
  readonly denominator: StatisticName;
  /** null when the noisy denominator is below 1. */
  readonly value: number | null;
  /**
   * Holds the true ratio with probability at least `confidence` (both released values within
   * their intervals at 1 - (1 - confidence)/2, union bound); null when the denominator's
   * interval reaches below 1.
   */
  readonly interval: { readonly low: number; readonly high: number } | null;
  readonly cost: null;
}

export type PublishedStatistic = NoisedStatisticJson | RatioStatisticJson;

/** What the period's releases of statistics spent, as rho and as (epsilon, delta) at the policy's delta. */
export interface SpentJson {
  readonly rho: string;
  readonly rho_value: number;
  readonly epsilon: number;
  readonly delta: number;
  /** ApproximateDp.via: 'pure' (sum of pure epsilons) or 'zcdp' (CKS20 from rho). */
  readonly via: ApproximateDp['via'];
}

export interface BudgetJson {
  /** zCDP rho the period may spend on statistics. */
  readonly period_budget_rho: string;
  readonly report_delta: number;
  /** Before and after this run (equal when it republished). */
  readonly spent_before: SpentJson;
  readonly spent_after: SpentJson;
  readonly remaining_rho: string;
  readonly remaining_rho_value: number;
  /** Releases of statistics recorded for the period, this one included. */
  readonly releases: number;
}

/** The run's verifiable score noise (the manifest's privacy report), and all score noise of the period. */
export interface ScoreNoiseJson {
  readonly mechanism: 'binomial';
  readonly n: number;
  readonly k: number;
  readonly sensitivity: string;
  /** ceil(sensitivity / k): lattice steps one user-day can move a quantised score. */
  readonly lattice_shift: number;
  /** k * sqrt(n) / 2, in score units. */
  readonly noise_sd: number;
  /** Per user-day and release, certified by the exact accountant. */
  readonly epsilon: number;
  readonly delta: number;
  /** Score releases of the period so far, and their score noise by basic composition. */
  readonly runs_in_period: number;
  readonly epsilon_in_period: number | null;
  readonly delta_in_period: number;
}
