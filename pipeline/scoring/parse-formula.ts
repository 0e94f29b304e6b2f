import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import {
  bitLimit,
  DRAW_STONES_BITS,
  ENTRY_BITS,
  FEATURE_BITS,
  K_BITS,
  MAX_NOISE_COINS,
  MAX_PERIOD_DAYS,
  POOL_BITS,
  SCORE_BITS,
  WEIGHT_BITS,
} from './circuit-bit-widths.js';
import { certifiedScoreEpsilon, leastCoinsForTarget } from './score-noise-privacy.js';
import { FEATURE_NAMES, type FeatureName } from './feature-names.js';
import { describe, matching, wholeNumber } from './schema-helpers.js';
import { DRAND_SCHEME } from '../drand/drand-chain.js';
import type { FeatureTerms, Formula, FormulaBeacon, FormulaDraw, FormulaPlan } from './formula.js';
import { checkStatisticsPolicy, statisticsPolicySchema } from './statistics-policy.js';

export type { Formula } from './formula.js';

const MAX_U32 = Number(bitLimit(32) - 1n);
const MAX_WEIGHT = Number(bitLimit(WEIGHT_BITS) - 1n);
const MAX_CAP = Number(bitLimit(FEATURE_BITS) - 1n);
/** A feature summed over a period is at most MAX_PERIOD_DAYS daily caps: it must fit FEATURE_BITS. */
const MAX_DAILY_CAP = Math.floor(MAX_CAP / MAX_PERIOD_DAYS);
const MAX_K = Number(bitLimit(K_BITS) - 1n);
const MAX_DRAW_STONES = Number(bitLimit(DRAW_STONES_BITS) - 1n);
const MAX_ENTRIES = Number(bitLimit(ENTRY_BITS) - 1n);
/** A period's close waits at most this long for late files. */
const MAX_GRACE_DAYS = 31;
/** Epsilon targets above this protect nothing worth the name. */
const MAX_EPSILON = 20;
const FORMULA_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DECIMAL_WHOLE_NUMBER = /^(0|[1-9][0-9]*)$/;
const PERIOD_ID = /^\d{4}-(0[1-9]|1[0-2])$/;
const HEX_64 = /^[0-9a-f]{64}$/;
/** A compressed G2 point of BLS12-381 (whether it is one is checked when a round is verified against it). */
const G2_HEX = /^[0-9a-f]{192}$/;
/** A margin longer than a day would hold a period's scores back for nothing. */
const MAX_BEACON_MARGIN_SECONDS = 86_400;
/**
 * A block's timestamp is its slot's start, and a block may be sealed seconds later: a margin
 * of a mainnet slot (12 s) keeps the round due unpublished until the block is out of the
 * operator's hands.
 */
const MIN_BEACON_MARGIN_SECONDS = 12;
/** A plan covers a programme year, or a few: ten years of months at most. */
const MAX_PLAN_PERIODS = 120;

const featureTerms = z.strictObject({
  weight: wholeNumber(0, MAX_WEIGHT, `a whole number from 0 to ${MAX_WEIGHT} (${WEIGHT_BITS} bits)`),
  cap: wholeNumber(0, MAX_CAP, `a whole number from 0 to ${MAX_CAP} (${FEATURE_BITS} bits)`),
  daily_cap: wholeNumber(0, MAX_DAILY_CAP, `a whole number from 0 to ${MAX_DAILY_CAP} (${MAX_PERIOD_DAYS} days of it must fit ${FEATURE_BITS} bits)`),
});

const formulaSchema = z.strictObject({
  id: matching<string>(
    (v) => typeof v === 'string' && v.length <= 64 && FORMULA_ID.test(v),
    'a lowercase kebab-case name of at most 64 characters, e.g. "stones-data-value"',
  ),
  version: wholeNumber(1, MAX_U32),
  pool: matching<string>(
    (v) => typeof v === 'string' && DECIMAL_WHOLE_NUMBER.test(v),
    'a whole number of stones written as a decimal string without sign or leading zeros, e.g. "1000000"',
  ),
  features: z.strictObject(Object.fromEntries(FEATURE_NAMES.map((name) => [name, featureTerms])) as Record<FeatureName, typeof featureTerms>),
  noise: z.strictObject({
    k: wholeNumber(1, MAX_K, `a whole number from 1 to ${MAX_K} (${K_BITS} bits)`),
    n: matching<number>(
      (v) => typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= MAX_NOISE_COINS && v % 2 === 0,
      `an even whole number from 2 to ${MAX_NOISE_COINS} (one hash of coins per owner)`,
    ).optional(),
    epsilon: matching<number>((v) => typeof v === 'number' && v > 0 && v <= MAX_EPSILON, `a number above 0 and at most ${MAX_EPSILON}`),
    delta: matching<number>((v) => typeof v === 'number' && v > 0 && v < 1e-3, 'a number strictly between 0 and 0.001'),
  }),
  batch_size: matching<number>(
    (v) => typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= 256 && (v & (v - 1)) === 0,
    'a power of two from 2 to 256',
  ),
  privacy_unit: matching<'user_day'>((v) => v === 'user_day', '"user_day"'),
  release: z.strictObject({
    grace_days: wholeNumber(0, MAX_GRACE_DAYS),
    period_epsilon: matching<number>((v) => typeof v === 'number' && v > 0 && v <= 10 * MAX_EPSILON, `a number above 0 and at most ${10 * MAX_EPSILON}`),
  }),
  statistics: statisticsPolicySchema.optional(),
  plan: z
    .strictObject({
      first_period: matching<string>((v) => typeof v === 'string' && PERIOD_ID.test(v), 'a month written YYYY-MM, e.g. "2026-01"'),
      periods: wholeNumber(1, MAX_PLAN_PERIODS),
      total: matching<string>(
        (v) => typeof v === 'string' && DECIMAL_WHOLE_NUMBER.test(v),
        'a whole number of stones written as a decimal string, e.g. "12000000"',
      ),
    })
    .optional(),
  draw: z
    .strictObject({
      stones: wholeNumber(0, MAX_DRAW_STONES, `a whole number of stones from 0 to ${MAX_DRAW_STONES} (${DRAW_STONES_BITS} bits)`),
      crystals_per_entry: wholeNumber(1, MAX_U32),
      max_entries: wholeNumber(0, MAX_ENTRIES, `a whole number from 0 to ${MAX_ENTRIES} (${ENTRY_BITS} bits)`),
    })
    .optional(),
  beacon: z
    .strictObject({
      drand: z.strictObject({
        chain_hash: matching<string>((v) => typeof v === 'string' && HEX_64.test(v), 'the drand chain hash, 64 lowercase hex digits'),
        public_key: matching<string>(
          (v) => typeof v === 'string' && G2_HEX.test(v),
          "the drand group's public key, a compressed G2 point of BLS12-381 in 192 lowercase hex digits",
        ),
        genesis_time: wholeNumber(1, MAX_U32, 'the Unix time of round 1, a whole number of seconds'),
        period: wholeNumber(1, 3_600, 'the seconds between rounds, a whole number from 1 to 3600'),
        scheme: matching<typeof DRAND_SCHEME>((v) => v === DRAND_SCHEME, `"${DRAND_SCHEME}" (unchained rounds signed on G1, as quicknet)`),
      }),
      margin_seconds: wholeNumber(
        MIN_BEACON_MARGIN_SECONDS,
        MAX_BEACON_MARGIN_SECONDS,
        `a whole number of seconds from ${MIN_BEACON_MARGIN_SECONDS} (a block may be sealed a slot after its timestamp) to ${MAX_BEACON_MARGIN_SECONDS}`,
      ),
    })
    .optional(),
});

/**
 * Checks a parsed formula.json and returns the Formula, or throws a ConfigError whose one-line
 * message starts with `source` and names the field: `formula.json: features.km.weight: must be ...`.
 * Beyond the shape, it refuses what the circuits could not prove: any value over its bit
 * width (circuit-bit-widths.ts), a largest score plus largest noise over SCORE_BITS, a pool
 * over POOL_BITS; and what would break the privacy bound: a number of coins n whose certified
 * epsilon (the exact accountant) misses the target, a tenure daily cap other than 0 (tenure
 * counts from the enrolment date), a driving feature's daily cap of 0, an active-days daily cap
 * other than 1, or a period budget smaller than one release. Without `noise.n`, n is the
 * least even number of coins that meets the target. The optional `statistics` section gets the
 * checks of statistics-policy.ts.
 */
export function parseFormula(json: unknown, source: string): Formula {
  const parsed = formulaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${source}: ${describeIssue(issue, json)}`);
  }
  const raw = parsed.data;
  const fail = (field: string, message: string): never => {
    throw new ConfigError(`${source}: ${field}: ${message}`);
  };

  const { active_days, tenure_days } = raw.features;
  if (active_days.daily_cap !== 1) {
    fail('features.active_days.daily_cap', `must be 1 (a day is active or not), got ${active_days.daily_cap}`);
  }
  if (tenure_days.daily_cap !== 0) {
    fail(
      'features.tenure_days.daily_cap',
      `must be 0: tenure counts the days since the owner's enrolment, which no day of driving can change, got ${tenure_days.daily_cap}`,
    );
  }
  for (const name of FEATURE_NAMES) {
    if (name !== 'tenure_days' && raw.features[name].daily_cap === 0) {
      fail(`features.${name}.daily_cap`, 'must be at least 1: it bounds what one day of driving adds to the feature');
    }
  }

  const pool = BigInt(raw.pool);
  if (pool >= bitLimit(POOL_BITS)) fail('pool', `must be below 2^${POOL_BITS} (${bitLimit(POOL_BITS)}), got ${raw.pool}`);

  const largestScore = FEATURE_NAMES.reduce((sum, name) => sum + BigInt(raw.features[name].weight) * BigInt(raw.features[name].cap), 0n);
  if (largestScore >= bitLimit(SCORE_BITS)) {
    fail('features', `the largest possible score (sum of weight * cap) is ${largestScore}, which does not fit ${SCORE_BITS} bits`);
  }
  const sensitivity = FEATURE_NAMES.reduce(
    (sum, name) => sum + BigInt(raw.features[name].weight) * BigInt(Math.min(raw.features[name].daily_cap, raw.features[name].cap)),
    0n,
  );
  const target = { epsilon: raw.noise.epsilon, delta: raw.noise.delta };
  let n = raw.noise.n;
  if (n === undefined) {
    const least = leastCoinsForTarget(sensitivity, raw.noise.k, target);
    if (least === undefined) {
      fail(
        'noise',
        `no n up to ${MAX_NOISE_COINS} coins meets epsilon ${target.epsilon} at delta ${target.delta} with k = ${raw.noise.k} (sensitivity ${sensitivity}): raise k (fewer lattice steps per user-day) or the target`,
      );
    }
    n = least as number;
  } else {
    const epsilon = certifiedScoreEpsilon(sensitivity, raw.noise.k, n, target.delta);
    if (epsilon > target.epsilon) {
      const least = leastCoinsForTarget(sensitivity, raw.noise.k, target);
      fail(
        'noise.n',
        `${n} coins give epsilon ${epsilon} per user-day at delta ${target.delta} (k = ${raw.noise.k}, sensitivity ${sensitivity}), above the target ${target.epsilon}; ` +
          (least === undefined ? `no n up to ${MAX_NOISE_COINS} meets it` : `the least n that meets it is ${least}`),
      );
    }
  }
  const largestNoise = (BigInt(raw.noise.k) * BigInt(n)) / 2n;
  if (largestScore + largestNoise >= bitLimit(SCORE_BITS)) {
    fail('noise.k', `the largest score (${largestScore}) plus the largest noise (k * n / 2 = ${largestNoise}) does not fit ${SCORE_BITS} bits`);
  }
  const releaseEpsilon = certifiedScoreEpsilon(sensitivity, raw.noise.k, n, target.delta);
  if (raw.release.period_epsilon < releaseEpsilon) {
    fail(
      'release.period_epsilon',
      `${raw.release.period_epsilon} is less than one release costs (epsilon ${releaseEpsilon}): no period could ever release its scores`,
    );
  }

  const features = Object.fromEntries(
    FEATURE_NAMES.map((name) => {
      const { weight, cap, daily_cap } = raw.features[name];
      return [name, Object.freeze({ weight, cap, daily_cap })];
    }),
  ) as Record<FeatureName, FeatureTerms>;
  const statistics = raw.statistics === undefined ? undefined : checkStatisticsPolicy(raw.statistics, fail);
  let plan: FormulaPlan | undefined;
  if (raw.plan !== undefined) {
    const total = BigInt(raw.plan.total);
    if (total !== pool * BigInt(raw.plan.periods)) {
      fail('plan.total', `${raw.plan.total} is not ${raw.plan.periods} periods of the pool ${pool} (${pool * BigInt(raw.plan.periods)})`);
    }
    plan = Object.freeze({ first_period: raw.plan.first_period, periods: raw.plan.periods, total });
  }
  const draw: FormulaDraw | undefined = raw.draw === undefined ? undefined : Object.freeze({ ...raw.draw });
  const beacon: FormulaBeacon | undefined =
    raw.beacon === undefined ? undefined : Object.freeze({ drand: Object.freeze({ ...raw.beacon.drand }), margin_seconds: raw.beacon.margin_seconds });
  return Object.freeze({
    id: raw.id,
    version: raw.version,
    pool,
    features: Object.freeze(features),
    noise: Object.freeze({ k: raw.noise.k, n, epsilon: raw.noise.epsilon, delta: raw.noise.delta }),
    batch_size: raw.batch_size,
    privacy_unit: raw.privacy_unit,
    release: Object.freeze({ grace_days: raw.release.grace_days, period_epsilon: raw.release.period_epsilon }),
    ...(statistics === undefined ? {} : { statistics }),
    ...(plan === undefined ? {} : { plan }),
    ...(draw === undefined ? {} : { draw }),
    ...(beacon === undefined ? {} : { beacon }),
  });
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const field = issue.path.map(String).join('.');
  const prefix = field === '' ? '' : `${field}: `;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    return `${prefix}unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (expected exactly: ${expectedKeys(issue.path).join(', ')})`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return `${prefix}must be a JSON object, got ${describe(valueAt(json, issue.path))}`;
  }
  return `${prefix}${issue.message}`;
}

/** The keys the (strict) object schema at `path` takes, in the schema's order. */
function expectedKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = formulaSchema;
  for (const key of path) {
    schema = unwrapOptional(schema);
    schema = schema instanceof z.ZodObject ? (schema.shape as Record<PropertyKey, z.ZodType>)[key] : undefined;
  }
  schema = unwrapOptional(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrapOptional(schema: z.ZodType | undefined): z.ZodType | undefined {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
