import { z } from 'zod';
import {
  add as addRational,
  compare as compareRational,
  formatRational,
  parseRational,
  ZERO as RATIONAL_ZERO,
  rationalToNumber,
  type Rational,
} from '../privacy/rational.js';
import { pureToZcdp } from '../privacy/privacy-accounting.js';
import { matching, wholeNumber } from './schema-helpers.js';

/**
 * The privacy policy of the fleet statistics: the `statistics` section of formula.json. It
 * is bound by the formula's SHA-256 (canonical JSON) but is not a circuit number: it stays
 * out of formulaNumbers and the formula's Poseidon hash. pipeline/statistics/README.md says
 * what each statistic is and why its sensitivity is what it is.
 */

/** The statistics that spend budget, in the order they are released (and listed in stats.json). */
export const STATISTIC_NAMES = ['active_users', 'total_km', 'total_adas_km', 'km_by_region', 'trips_by_hour', 'score_histogram'] as const;
export type StatisticName = (typeof STATISTIC_NAMES)[number];

/** The bin of km_by_region for a trip whose region is not one of the policy's regions (or has none). */
export const OTHER_REGION = 'other';

/** The noise of one statistic and its share of the budget: rho for the Gaussian (zCDP), epsilon for the Laplace (pure DP). */
export type StatisticBudget =
  | { readonly mechanism: 'discrete_gaussian'; readonly rho: string }
  | { readonly mechanism: 'discrete_laplace'; readonly epsilon: string };

/** What one day of one user's driving (the privacy unit) may contribute, each enforced before counting. */
interface StatisticsClamps {
  /** km of one user-day (total_km; km_by_region in all). */
  readonly km_per_day: number;
  /** ADAS km of one user-day (total_adas_km); at most km_per_day. */
  readonly adas_km_per_day: number;
  /** Trips of one user-day (trips_by_hour). */
  readonly trips_per_day: number;
  /** Regions one user-day adds km to (km_by_region). */
  readonly regions_per_day: number;
}

export interface StatisticsPolicy {
  /** zCDP rho one period may spend on statistics, in all its releases: a decimal string ("1"). */
  readonly period_budget_rho: string;
  /** The delta at which rho is reported as (epsilon, delta). */
  readonly report_delta: number;
  /** Of every published interval. */
  readonly confidence: number;
  readonly clamps: StatisticsClamps;
  /** The public region bins of km_by_region (any other region, or none, counts as "other"). */
  readonly regions: readonly string[];
  /** Public edges of the score histogram: bin i holds scores in [edge i, edge i+1), the last bin is open. */
  readonly score_bin_edges: readonly number[];
  readonly releases: Readonly<Record<StatisticName, StatisticBudget>>;
}

/** Clamps are bound to SQL as INTEGER. */
const MAX_CLAMP = 2_147_483_647;
const MAX_BINS = 1000;
/** Scores fit 48 bits (circuit-bit-widths.ts). */
const MAX_SCORE_EDGE = 2 ** 48;
const DECIMAL_TEXT = /^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;

const positiveDecimal = matching<string>(
  (v) => typeof v === 'string' && v.length <= 40 && DECIMAL_TEXT.test(v) && v !== '0',
  'a positive decimal number written as a string, with no sign, exponent, leading or trailing zeros (e.g. "0.05")',
);

const clamp = wholeNumber(1, MAX_CLAMP, `a whole number from 1 to ${MAX_CLAMP}`);

const releaseSchema = z.strictObject({
  mechanism: matching<'discrete_gaussian' | 'discrete_laplace'>(
    (v) => v === 'discrete_gaussian' || v === 'discrete_laplace',
    '"discrete_gaussian" or "discrete_laplace"',
  ),
  rho: positiveDecimal.optional(),
  epsilon: positiveDecimal.optional(),
});

function isRegionList(v: unknown): v is string[] {
  return (
    Array.isArray(v) &&
    v.length >= 1 &&
    v.length <= MAX_BINS &&
    v.every((r) => typeof r === 'string' && r.length >= 1 && r.length <= 64 && r.trim() === r && r !== OTHER_REGION) &&
    new Set(v).size === v.length
  );
}

function isEdgeList(v: unknown): v is number[] {
  return (
    Array.isArray(v) &&
    v.length >= 1 &&
    v.length <= MAX_BINS &&
    v[0] === 0 &&
    v.every((e, i) => typeof e === 'number' && Number.isInteger(e) && e >= 0 && e < MAX_SCORE_EDGE && (i === 0 || e > (v[i - 1] as number)))
  );
}

export const statisticsPolicySchema = z.strictObject({
  period_budget_rho: positiveDecimal,
  report_delta: matching<number>((v) => typeof v === 'number' && v > 0 && v < 1, 'a number strictly between 0 and 1'),
  confidence: matching<number>((v) => typeof v === 'number' && v >= 0.5 && v < 1, 'a number from 0.5 up to (not including) 1, e.g. 0.95'),
  clamps: z.strictObject({
    km_per_day: clamp,
    adas_km_per_day: clamp,
    trips_per_day: clamp,
    regions_per_day: clamp,
  }),
  regions: matching<string[]>(
    isRegionList,
    `a list of 1 to ${MAX_BINS} distinct region codes (strings of 1 to 64 characters, no surrounding spaces, not "${OTHER_REGION}")`,
  ),
  score_bin_edges: matching<number[]>(
    isEdgeList,
    `a list of 1 to ${MAX_BINS} strictly increasing whole numbers below 2^48 starting at 0 (bin i holds scores from edge i up to the next edge; the last bin is open)`,
  ),
  releases: z.strictObject(Object.fromEntries(STATISTIC_NAMES.map((name) => [name, releaseSchema])) as Record<StatisticName, typeof releaseSchema>),
});

type RawPolicy = z.infer<typeof statisticsPolicySchema>;

/** The zCDP rho a statistic's budget stands for: rho itself, or epsilon^2 / 2 for a pure release. */
function budgetRho(budget: StatisticBudget): Rational {
  return budget.mechanism === 'discrete_gaussian' ? parseRational(budget.rho) : pureToZcdp(parseRational(budget.epsilon));
}

/** The most one release of every statistic can spend (the sum of the shares, as rho). */
function releaseRhoBound(policy: Pick<StatisticsPolicy, 'releases'>): Rational {
  return STATISTIC_NAMES.reduce((sum, name) => addRational(sum, budgetRho(policy.releases[name])), RATIONAL_ZERO);
}

/**
 * The checks across fields, after the shape: each release names exactly the budget its
 * mechanism takes, ADAS km are clamped no higher than km, and one release fits the period
 * budget (or no period could ever publish). `fail(field, message)` throws.
 */
export function checkStatisticsPolicy(raw: RawPolicy, fail: (field: string, message: string) => never): StatisticsPolicy {
  const field = (rest: string): string => `statistics.${rest}`;
  if (raw.clamps.adas_km_per_day > raw.clamps.km_per_day) {
    fail(field('clamps.adas_km_per_day'), `must be at most clamps.km_per_day (${raw.clamps.km_per_day}), got ${raw.clamps.adas_km_per_day}`);
  }
  const releases = {} as Record<StatisticName, StatisticBudget>;
  for (const name of STATISTIC_NAMES) {
    const { mechanism, rho, epsilon } = raw.releases[name];
    const at = field(`releases.${name}`);
    if (mechanism === 'discrete_gaussian') {
      if (epsilon !== undefined) fail(`${at}.epsilon`, 'is for discrete_laplace; a discrete_gaussian release takes "rho" (its zCDP share)');
      if (rho === undefined) fail(`${at}.rho`, 'must be given for discrete_gaussian (its zCDP share, e.g. "0.05"), got nothing');
      releases[name] = Object.freeze({ mechanism, rho: rho as string });
    } else {
      if (rho !== undefined) fail(`${at}.rho`, 'is for discrete_gaussian; a discrete_laplace release takes "epsilon" (its pure-DP share)');
      if (epsilon === undefined) fail(`${at}.epsilon`, 'must be given for discrete_laplace (its pure-DP share, e.g. "0.2"), got nothing');
      releases[name] = Object.freeze({ mechanism, epsilon: epsilon as string });
    }
  }
  const bound = releaseRhoBound({ releases });
  const budget = parseRational(raw.period_budget_rho);
  if (compareRational(bound, budget) > 0) {
    fail(
      field('releases'),
      `one release would spend rho ${formatRational(bound)} (${rationalToNumber(bound)}), more than the period budget ${raw.period_budget_rho}`,
    );
  }
  return Object.freeze({
    period_budget_rho: raw.period_budget_rho,
    report_delta: raw.report_delta,
    confidence: raw.confidence,
    clamps: Object.freeze({ ...raw.clamps }),
    regions: Object.freeze([...raw.regions]),
    score_bin_edges: Object.freeze([...raw.score_bin_edges]),
    releases: Object.freeze(releases),
  });
}

type JsonValue = string | number | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The policy as formula.json holds it (for the canonical JSON). */
export function statisticsPolicyJsonValue(policy: StatisticsPolicy): { readonly [key: string]: JsonValue } {
  const releases: Record<string, JsonValue> = {};
  for (const name of STATISTIC_NAMES) releases[name] = { ...policy.releases[name] };
  return {
    period_budget_rho: policy.period_budget_rho,
    report_delta: policy.report_delta,
    confidence: policy.confidence,
    clamps: { ...policy.clamps },
    regions: [...policy.regions],
    score_bin_edges: [...policy.score_bin_edges],
    releases,
  };
}
