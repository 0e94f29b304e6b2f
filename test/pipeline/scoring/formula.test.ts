import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCircomlibjsPoseidon, createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { ConfigError } from '../../../pipeline/errors/index.js';
import { validateDailyCaps } from '../../../pipeline/features/index.js';
import {
  canonicalFormulaJson,
  dailyCapsOf,
  FEATURE_NAMES,
  formulaNumbers,
  formulaPoseidonHash,
  formulaSha256,
  loadFormula,
  parseFormula,
  poseidonChainHash,
  publishedFormulaPath,
  SCORE_BITS,
  type Formula,
} from '../../../pipeline/scoring/index.js';
import { useTempDir } from '../../support/temp-dir.js';
import { fixtureFormulaJson, withValue } from './formula-fixture.js';

const SOURCE = 'formula.json';
/** drand's quicknet, as formula.json pins it. */
const QUICKNET_PIN = {
  chain_hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  public_key:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  genesis_time: 1692803367,
  period: 3,
  scheme: 'bls-unchained-g1-rfc9380',
};

function parse(json: unknown): Formula {
  return parseFormula(json, SOURCE);
}

/** The ConfigError message parseFormula gives for `json`. */
function errorOf(json: unknown): string {
  try {
    parse(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

/** `json` with several dotted paths replaced, one after the other. */
function withValues(json: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  let copy = json;
  for (const [path, value] of Object.entries(values)) copy = withValue(copy, path, value);
  return copy;
}

// The fixture's privacy figures, worked out by hand (score-noise-privacy.test.ts does the same
// sums in full). Its sensitivity is 10 + 10 + 100 + 120 + 0 + 14 + 0 = 254 = k, so one user-day
// moves q = floor(score / k) by at most S = 1 step. For S = 1 and n coins, P = Binomial(n, 1/2)
// and Q = P moved up by 1: P(z) / Q(z) = C(n, z) / C(n, z - 1) = (n + 1 - z) / z, and
// delta(eps) = sum_z max(0, P(z) - e^eps Q(z)), over z = 0 (where Q = 0) and the z whose ratio
// is above e^eps:
//   n = 24: ratios 24 (z = 1), 11.5 (z = 2), 7.33 (z = 3); at e^eps about 11.4,
//           delta = (1 + 24 - r + 276 - 24 r) / 2^24 = (301 - 25 r) / 2^24 <= 1e-6
//           iff r >= (301 - 16.777216) / 25 = 11.36891136, eps = ln 11.36891136 = 2.430882:
//           2.4309 on the accountant's grid of 1e-4, rounded up;
//   n = 22: ratios 22 (z = 1), 10.5 (z = 2); at e^eps about 18.8,
//           delta = (1 + 22 - r) / 2^22 <= 1e-6 iff r >= 23 - 4.194304 = 18.805696,
//           eps = ln 18.805696 = 2.934161: 2.9342;
//   n = 20: delta = (1 + 20 - r) / 2^20 <= 1e-6 iff r >= 21 - 1.048576, eps = 2.993305: 2.9934;
//   n = 18: P(0) = 2^-18 = 3.8e-6 alone is above 1e-6, whatever epsilon: no epsilon at all.
// So for the target epsilon 2.5 the least even n is 24; for 3 it is 20.
const FIXTURE_EPSILON = 2.4309;
const N22_EPSILON = 2.9342;

// The canonical JSON of the fixture, written out by hand: keys sorted at every level
// (batch_size < features < id < noise < pool < privacy_unit < release < version; the features
// alphabetically, not in their canonical order; cap < daily_cap < weight; delta < epsilon < k < n;
// grace_days < period_epsilon), no whitespace, the pool as a string, delta as JavaScript writes
// 1e-6 (0.000001: it switches to exponents only below 1e-6), epsilon 2.5 and period_epsilon 5
// plainly.
const FIXTURE_CANONICAL =
  '{"batch_size":16,"features":{"active_days":{"cap":20,"daily_cap":1,"weight":10},"adas_km":{"cap":50,"daily_cap":40,"weight":3},' +
  '"distinct_regions":{"cap":4,"daily_cap":2,"weight":7},"km":{"cap":500,"daily_cap":100,"weight":1},"night_km":{"cap":10,"daily_cap":20,"weight":0},' +
  '"tenure_days":{"cap":60,"daily_cap":0,"weight":1},"trips":{"cap":30,"daily_cap":5,"weight":2}},"id":"stones-test",' +
  '"noise":{"delta":0.000001,"epsilon":2.5,"k":254,"n":24},"pool":"1000","privacy_unit":"user_day",' +
  '"release":{"grace_days":2,"period_epsilon":5},"version":3}';
// sha256 of FIXTURE_CANONICAL (computed with sha256sum of the string above), pinned: a change
// of the canonical form must be deliberate.
const FIXTURE_SHA256 = '4c44bd14af6f4d9107fa358e6594e2d3750ec720ad925a50f9e387340215c352';

describe('parseFormula', () => {
  it('reads a valid formula, pool as a bigint, features in canonical order', () => {
    const formula = parse(fixtureFormulaJson());
    expect(formula.pool).toBe(1000n);
    expect(formula.version).toBe(3);
    expect(Object.keys(formula.features)).toEqual([...FEATURE_NAMES]);
    expect(formula.features.km).toEqual({ weight: 1, cap: 500, daily_cap: 100 });
    expect(formula.features.tenure_days).toEqual({ weight: 1, cap: 60, daily_cap: 0 });
    expect(formula.noise).toEqual({ k: 254, n: 24, epsilon: 2.5, delta: 0.000001 });
    expect(formula.release).toEqual({ grace_days: 2, period_epsilon: 5 });
    expect(formula.batch_size).toBe(16);
    expect(formula.privacy_unit).toBe('user_day');
    expect(formula.statistics).toBeUndefined();
  });

  it('reads the published formula.json (version 3, with a draw)', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    expect(formula.id).toBe('stones-data-value');
    expect(formula.version).toBe(3);
    expect(formula.draw).toEqual({ stones: 1000, crystals_per_entry: 25, max_entries: 20 });
    expect(formula.pool).toBe(1_000_000n);
    expect(formula.noise).toEqual({ k: 114, n: 128, epsilon: 2, delta: 1e-8 });
    expect(formula.release).toEqual({ grace_days: 3, period_epsilon: 4 });
    expect(formula.features.tenure_days.daily_cap).toBe(0);
    expect(formula.statistics).toBeDefined();
    expect(formula.beacon?.drand.chain_hash).toBe('52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971');
    expect(formula.beacon?.margin_seconds).toBe(30);
  });

  const valid = fixtureFormulaJson();
  const cases: [what: string, json: unknown, message: RegExp][] = [
    ['not an object', [1, 2], /^formula\.json: must be a JSON object, got a list$/],
    ['null', null, /^formula\.json: must be a JSON object, got null$/],
    [
      'an unknown top-level key',
      { ...valid, comment: 'hi' },
      /^formula\.json: unknown key "comment" \(expected exactly: id, version, pool, features, noise, batch_size, privacy_unit, release, statistics, plan, draw, beacon\)$/,
    ],
    ['a missing top-level key', withValue(valid, 'batch_size', undefined), /^formula\.json: batch_size: must be a power of two from 2 to 256, got nothing$/],
    ['a wrong id', withValue(valid, 'id', 'Stones Data'), /^formula\.json: id: must be a lowercase kebab-case name/],
    [
      'a drand key that is not 192 hex digits',
      withValue(valid, 'beacon', { drand: { ...QUICKNET_PIN, public_key: 'ab' }, margin_seconds: 30 }),
      /^formula\.json: beacon\.drand\.public_key: must be the drand group's public key, a compressed G2 point of BLS12-381 in 192 lowercase hex digits, got "ab"$/,
    ],
    [
      'a chained drand scheme',
      withValue(valid, 'beacon', { drand: { ...QUICKNET_PIN, scheme: 'pedersen-bls-chained' }, margin_seconds: 30 }),
      /^formula\.json: beacon\.drand\.scheme: must be "bls-unchained-g1-rfc9380"/,
    ],
    [
      'a beacon margin of a week',
      withValue(valid, 'beacon', { drand: QUICKNET_PIN, margin_seconds: 604_800 }),
      /^formula\.json: beacon\.margin_seconds: must be a whole number of seconds from 12 \(a block may be sealed a slot after its timestamp\) to 86400, got 604800$/,
    ],
    [
      'a beacon margin shorter than a block slot',
      withValue(valid, 'beacon', { drand: QUICKNET_PIN, margin_seconds: 3 }),
      /^formula\.json: beacon\.margin_seconds: must be a whole number of seconds from 12 .* got 3$/,
    ],
    [
      'a draw of 2^32 stones',
      withValue(valid, 'draw', { stones: 2 ** 32, crystals_per_entry: 25, max_entries: 20 }),
      /^formula\.json: draw\.stones: must be a whole number of stones from 0 to 4294967295 \(32 bits\), got 4294967296$/,
    ],
    [
      'a draw entry that costs nothing',
      withValue(valid, 'draw', { stones: 10, crystals_per_entry: 0, max_entries: 20 }),
      /^formula\.json: draw\.crystals_per_entry: must be a whole number from 1 to 4294967295, got 0$/,
    ],
    [
      'a draw with 2^16 entries an owner',
      withValue(valid, 'draw', { stones: 10, crystals_per_entry: 25, max_entries: 65536 }),
      /^formula\.json: draw\.max_entries: must be a whole number from 0 to 65535 \(16 bits\), got 65536$/,
    ],
    [
      'an unknown draw key',
      withValue(valid, 'draw', { stones: 10, crystals_per_entry: 25, max_entries: 2, odds: 'fair' }),
      /^formula\.json: draw: unknown key "odds" \(expected exactly: stones, crystals_per_entry, max_entries\)$/,
    ],
    ['version 0', withValue(valid, 'version', 0), /^formula\.json: version: must be a whole number from 1 to 4294967295, got 0$/],
    ['version as a string', withValue(valid, 'version', '1'), /^formula\.json: version: must be a whole number .*, got "1"$/],
    ['pool as a number', withValue(valid, 'pool', 1000), /^formula\.json: pool: must be a whole number of stones written as a decimal string .*, got 1000$/],
    ['a negative pool', withValue(valid, 'pool', '-5'), /^formula\.json: pool: .*got "-5"$/],
    ['a fractional pool', withValue(valid, 'pool', '10.5'), /^formula\.json: pool: /],
    ['a pool with a leading zero', withValue(valid, 'pool', '0100'), /^formula\.json: pool: /],
    [
      'a pool of 2^64',
      withValue(valid, 'pool', (2n ** 64n).toString()),
      /^formula\.json: pool: must be below 2\^64 \(18446744073709551616\), got 18446744073709551616$/,
    ],
    ['features not an object', withValue(valid, 'features', 'all'), /^formula\.json: features: must be a JSON object, got "all"$/],
    [
      'an unknown feature',
      withValue(valid, 'features.speed', { weight: 1, cap: 1, daily_cap: 1 }),
      /^formula\.json: features: unknown key "speed" \(expected exactly: active_days, trips, km, adas_km, night_km, distinct_regions, tenure_days\)$/,
    ],
    ['a missing feature', withValue(valid, 'features.km', undefined), /^formula\.json: features\.km: must be a JSON object, got nothing$/],
    [
      'an unknown key in a feature',
      withValue(valid, 'features.km.bonus', 2),
      /^formula\.json: features\.km: unknown key "bonus" \(expected exactly: weight, cap, daily_cap\)$/,
    ],
    [
      'a negative weight',
      withValue(valid, 'features.km.weight', -1),
      /^formula\.json: features\.km\.weight: must be a whole number from 0 to 65535 \(16 bits\), got -1$/,
    ],
    ['a fractional weight', withValue(valid, 'features.trips.weight', 1.5), /^formula\.json: features\.trips\.weight: .*got 1\.5$/],
    ['a weight over 16 bits', withValue(valid, 'features.km.weight', 65536), /^formula\.json: features\.km\.weight: .*\(16 bits\), got 65536$/],
    [
      'a cap over 16 bits',
      withValue(valid, 'features.night_km.cap', 65536),
      /^formula\.json: features\.night_km\.cap: must be a whole number from 0 to 65535 \(16 bits\), got 65536$/,
    ],
    [
      'a tenure cap over 16 bits',
      withValue(valid, 'features.tenure_days.cap', 2 ** 32),
      /^formula\.json: features\.tenure_days\.cap: .*\(16 bits\), got 4294967296$/,
    ],
    ['a missing cap', withValue(valid, 'features.adas_km.cap', undefined), /^formula\.json: features\.adas_km\.cap: .*got nothing$/],
    // 31 * 2114 = 65534 fits 16 bits, 31 * 2115 = 65565 does not.
    [
      'a daily cap whose 31 days overflow 16 bits',
      withValue(valid, 'features.night_km.daily_cap', 2115),
      /^formula\.json: features\.night_km\.daily_cap: must be a whole number from 0 to 2114 \(31 days of it must fit 16 bits\), got 2115$/,
    ],
    ['a negative daily cap', withValue(valid, 'features.km.daily_cap', -1), /^formula\.json: features\.km\.daily_cap: .*got -1$/],
    [
      'an active-days daily cap of 2',
      withValue(valid, 'features.active_days.daily_cap', 2),
      /^formula\.json: features\.active_days\.daily_cap: must be 1 \(a day is active or not\), got 2$/,
    ],
    [
      'an active-days daily cap of 0',
      withValue(valid, 'features.active_days.daily_cap', 0),
      /^formula\.json: features\.active_days\.daily_cap: must be 1 \(a day is active or not\), got 0$/,
    ],
    [
      'a tenure daily cap of 1',
      withValue(valid, 'features.tenure_days.daily_cap', 1),
      /^formula\.json: features\.tenure_days\.daily_cap: must be 0: tenure counts the days since the owner's enrolment, which no day of driving can change, got 1$/,
    ],
    // Version 1's rule (tenure's daily cap equal to its cap) is refused now.
    [
      'a tenure daily cap equal to its cap',
      withValue(valid, 'features.tenure_days.daily_cap', 60),
      /^formula\.json: features\.tenure_days\.daily_cap: must be 0: .*got 60$/,
    ],
    ['noise missing', withValue(valid, 'noise', undefined), /^formula\.json: noise: must be a JSON object, got nothing$/],
    ['k = 0', withValue(valid, 'noise.k', 0), /^formula\.json: noise\.k: must be a whole number from 1 to 16777215 \(24 bits\), got 0$/],
    ['a fractional k', withValue(valid, 'noise.k', 2.5), /^formula\.json: noise\.k: .*got 2\.5$/],
    ['k over 24 bits', withValue(valid, 'noise.k', 2 ** 24), /^formula\.json: noise\.k: must be a whole number from 1 to 16777215 \(24 bits\), got 16777216$/],
    [
      'an odd n',
      withValue(valid, 'noise.n', 7),
      /^formula\.json: noise\.n: must be an even whole number from 2 to 128 \(one hash of coins per owner\), got 7$/,
    ],
    ['n = 0', withValue(valid, 'noise.n', 0), /^formula\.json: noise\.n: .*got 0$/],
    [
      'n = 130, more coins than one hash gives',
      withValue(valid, 'noise.n', 130),
      /^formula\.json: noise\.n: must be an even whole number from 2 to 128 .*got 130$/,
    ],
    ['n = 256', withValue(valid, 'noise.n', 256), /^formula\.json: noise\.n: .*got 256$/],
    ['n as a string', withValue(valid, 'noise.n', '24'), /^formula\.json: noise\.n: .*got "24"$/],
    ['epsilon missing', withValue(valid, 'noise.epsilon', undefined), /^formula\.json: noise\.epsilon: must be a number above 0 and at most 20, got nothing$/],
    ['epsilon = 0', withValue(valid, 'noise.epsilon', 0), /^formula\.json: noise\.epsilon: must be a number above 0 and at most 20, got 0$/],
    ['a negative epsilon', withValue(valid, 'noise.epsilon', -1), /^formula\.json: noise\.epsilon: .*got -1$/],
    ['epsilon above 20', withValue(valid, 'noise.epsilon', 20.5), /^formula\.json: noise\.epsilon: .*got 20\.5$/],
    ['epsilon as a string', withValue(valid, 'noise.epsilon', '2.5'), /^formula\.json: noise\.epsilon: .*got "2\.5"$/],
    ['delta missing', withValue(valid, 'noise.delta', undefined), /^formula\.json: noise\.delta: must be a number strictly between 0 and 0\.001, got nothing$/],
    ['delta = 0', withValue(valid, 'noise.delta', 0), /^formula\.json: noise\.delta: must be a number strictly between 0 and 0\.001, got 0$/],
    ['delta = 0.001', withValue(valid, 'noise.delta', 0.001), /^formula\.json: noise\.delta: .*got 0\.001$/],
    ['delta = 1', withValue(valid, 'noise.delta', 1), /^formula\.json: noise\.delta: .*got 1$/],
    ['a negative delta', withValue(valid, 'noise.delta', -1e-9), /^formula\.json: noise\.delta: .*got -1e-9$/],
    ['delta as a string', withValue(valid, 'noise.delta', '1e-6'), /^formula\.json: noise\.delta: .*got "1e-6"$/],
    ['an unknown noise key', withValue(valid, 'noise.sigma', 3), /^formula\.json: noise: unknown key "sigma" \(expected exactly: k, n, epsilon, delta\)$/],
    ['batch size 3', withValue(valid, 'batch_size', 3), /^formula\.json: batch_size: must be a power of two from 2 to 256, got 3$/],
    ['batch size 1', withValue(valid, 'batch_size', 1), /^formula\.json: batch_size: .*got 1$/],
    ['batch size 512', withValue(valid, 'batch_size', 512), /^formula\.json: batch_size: .*got 512$/],
    ['another privacy unit', withValue(valid, 'privacy_unit', 'user'), /^formula\.json: privacy_unit: must be "user_day", got "user"$/],
    ['release missing', withValue(valid, 'release', undefined), /^formula\.json: release: must be a JSON object, got nothing$/],
    [
      'an unknown release key',
      withValue(valid, 'release.budget', 3),
      /^formula\.json: release: unknown key "budget" \(expected exactly: grace_days, period_epsilon\)$/,
    ],
    ['negative grace days', withValue(valid, 'release.grace_days', -1), /^formula\.json: release\.grace_days: must be a whole number from 0 to 31, got -1$/],
    ['32 grace days', withValue(valid, 'release.grace_days', 32), /^formula\.json: release\.grace_days: .*got 32$/],
    [
      'period_epsilon missing',
      withValue(valid, 'release.period_epsilon', undefined),
      /^formula\.json: release\.period_epsilon: must be a number above 0 and at most 200, got nothing$/,
    ],
    ['period_epsilon = 0', withValue(valid, 'release.period_epsilon', 0), /^formula\.json: release\.period_epsilon: .*got 0$/],
    ['period_epsilon above 200', withValue(valid, 'release.period_epsilon', 201), /^formula\.json: release\.period_epsilon: .*got 201$/],
  ];
  it.each(cases)('refuses %s, naming the field', (_what, json, message) => {
    expect(errorOf(json)).toMatch(message);
  });

  it.each(['trips', 'km', 'adas_km', 'night_km', 'distinct_regions'])('refuses a daily cap of 0 for %s, a feature driving adds to', (name) => {
    // Even night_km, whose weight is 0 in the fixture: the daily cap is what the features stage
    // clamps each day at (computeFeatures refuses 0 too).
    expect(errorOf(withValue(valid, `features.${name}.daily_cap`, 0))).toBe(
      `formula.json: features.${name}.daily_cap: must be at least 1: it bounds what one day of driving adds to the feature`,
    );
  });

  it('takes the widths at their limits: cap 65535, daily cap 2114, k = 2^24 - 1, n = 128, epsilon 20', () => {
    // night_km weighs 0 in the fixture, so its daily cap of 2114 does not move the sensitivity.
    const formula = parse(
      withValues(valid, {
        'features.km.cap': 65535,
        'features.night_km.daily_cap': 2114,
        'noise.k': 2 ** 24 - 1,
        'noise.n': 128,
        'noise.epsilon': 20,
      }),
    );
    expect(formula.features.km.cap).toBe(65535);
    expect(formula.features.night_km.daily_cap).toBe(2114);
    expect(formula.noise).toEqual({ k: 16_777_215, n: 128, epsilon: 20, delta: 0.000001 });
  });

  it('refuses an n whose certified epsilon misses the target, naming the least n that meets it', () => {
    // 22 coins: epsilon 2.9342 (worked out at the top), above the target 2.5; 24 coins give 2.4309.
    expect(errorOf(withValue(valid, 'noise.n', 22))).toBe(
      `formula.json: noise.n: 22 coins give epsilon ${N22_EPSILON} per user-day at delta 0.000001 (k = 254, sensitivity 254), above the target 2.5; the least n that meets it is 24`,
    );
    // 2 coins certify no epsilon at all: P(0) = 1/4 alone is above delta.
    expect(errorOf(withValue(valid, 'noise.n', 2))).toBe(
      'formula.json: noise.n: 2 coins give epsilon Infinity per user-day at delta 0.000001 (k = 254, sensitivity 254), above the target 2.5; the least n that meets it is 24',
    );
    // A target only just below what 24 coins give asks for 26.
    expect(errorOf(withValues(valid, { 'noise.epsilon': 2.4308 }))).toBe(
      `formula.json: noise.n: 24 coins give epsilon ${FIXTURE_EPSILON} per user-day at delta 0.000001 (k = 254, sensitivity 254), above the target 2.4308; the least n that meets it is 26`,
    );
    // ... and exactly the certified epsilon is met.
    expect(parse(withValue(valid, 'noise.epsilon', FIXTURE_EPSILON)).noise.n).toBe(24);
  });

  it('refuses an n when no n up to 128 meets the target', () => {
    // 128 coins at S = 1 certify 0.7571: a target of 0.5 is out of reach.
    expect(errorOf(withValue(valid, 'noise.epsilon', 0.5))).toBe(
      `formula.json: noise.n: 24 coins give epsilon ${FIXTURE_EPSILON} per user-day at delta 0.000001 (k = 254, sensitivity 254), above the target 0.5; no n up to 128 meets it`,
    );
    // k = 1: a user-day moves q by up to 254 steps, more than any 128 coins can hide.
    expect(errorOf(withValue(valid, 'noise.k', 1))).toMatch(
      /^formula\.json: noise\.n: 24 coins give epsilon Infinity per user-day at delta 0\.000001 \(k = 1, sensitivity 254\), above the target 2\.5; no n up to 128 meets it$/,
    );
  });

  it('keeps a given n above the least one', () => {
    expect(parse(withValue(valid, 'noise.n', 26)).noise.n).toBe(26);
    expect(parse(withValue(valid, 'noise.n', 128)).noise.n).toBe(128);
  });

  it('derives n when it is omitted: the least even n that meets the target', () => {
    const withoutN = withValue(valid, 'noise.n', undefined);
    expect(parse(withoutN).noise).toEqual({ k: 254, n: 24, epsilon: 2.5, delta: 0.000001 });
    // Target 3: 20 coins give 2.9934 (18 give none); 2.99: 22 (2.9342); 2.9341: 24.
    expect(parse(withValue(withoutN, 'noise.epsilon', 3)).noise.n).toBe(20);
    expect(parse(withValue(withoutN, 'noise.epsilon', 2.99)).noise.n).toBe(22);
    expect(parse(withValue(withoutN, 'noise.epsilon', N22_EPSILON)).noise.n).toBe(22);
    expect(parse(withValue(withoutN, 'noise.epsilon', N22_EPSILON - 0.0001)).noise.n).toBe(24);
    // The derived n is the least: two coins fewer miss the target, given explicitly.
    expect(errorOf(withValues(withoutN, { 'noise.epsilon': 3, 'noise.n': 18 }))).toMatch(/the least n that meets it is 20$/);
    // No weight on anything driving adds to: sensitivity 0, nothing to hide, the least n (2).
    let idle = withoutN;
    for (const name of FEATURE_NAMES) idle = withValue(idle, `features.${name}.weight`, 0);
    expect(parse(idle).noise.n).toBe(2);
  });

  it('refuses a target no n can meet when n is omitted, naming noise', () => {
    const withoutN = withValue(valid, 'noise.n', undefined);
    expect(errorOf(withValue(withoutN, 'noise.epsilon', 0.5))).toBe(
      'formula.json: noise: no n up to 128 coins meets epsilon 0.5 at delta 0.000001 with k = 254 (sensitivity 254): raise k (fewer lattice steps per user-day) or the target',
    );
  });

  it('derives the published n (128) when formula.json leaves it out', async () => {
    const published = JSON.parse((await loadFormula(publishedFormulaPath())).canonicalJson) as Record<string, unknown>;
    expect(parse(withValue(published, 'noise.n', undefined)).noise.n).toBe(128);
    // 126 coins give 2.0068 > 2.
    expect(errorOf(withValue(published, 'noise.n', 126))).toMatch(
      /^formula\.json: noise\.n: 126 coins give epsilon 2\.0068 .*the least n that meets it is 128$/,
    );
  });

  it('refuses a period budget smaller than one release', () => {
    expect(errorOf(withValue(valid, 'release.period_epsilon', 2.4308))).toBe(
      `formula.json: release.period_epsilon: 2.4308 is less than one release costs (epsilon ${FIXTURE_EPSILON}): no period could ever release its scores`,
    );
    // Exactly one release is allowed (the budget is compared with the certified epsilon, not the target).
    expect(parse(withValue(valid, 'release.period_epsilon', FIXTURE_EPSILON)).release.period_epsilon).toBe(FIXTURE_EPSILON);
    // With more coins one release costs less, and so does the least budget.
    const more = withValues(valid, { 'noise.n': 128, 'release.period_epsilon': 0.7571 });
    expect(parse(more).release.period_epsilon).toBe(0.7571);
    expect(errorOf(withValue(more, 'release.period_epsilon', 0.757))).toMatch(
      /^formula\.json: release\.period_epsilon: 0\.757 is less than one release costs \(epsilon 0\.7571\)/,
    );
  });

  it('cannot reach a score over 40 bits: the widest formula the widths allow fits', () => {
    // 7 features of weight and cap 2^16 - 1, k = 2^24 - 1, n = 128:
    // largest score 7 * 65535^2 = 7 * 4294836225 = 30063853575, largest noise k * n / 2 = 16777215 * 64 = 1073741760,
    // together 31137595335 < 2^40 = 1099511627776. (So the refusals of a largest score, or a
    // largest score plus noise, over SCORE_BITS cannot fire with these widths.)
    let json = withValues(valid, { 'noise.k': 2 ** 24 - 1, 'noise.n': 128 });
    for (const name of FEATURE_NAMES) {
      json = withValue(json, `features.${name}.weight`, 65535);
      json = withValue(json, `features.${name}.cap`, 65535);
      if (name !== 'tenure_days') json = withValue(json, `features.${name}.daily_cap`, 1);
    }
    // Sensitivity 6 * 65535 = 393210 < k: one lattice step, 0.7571 at 128 coins.
    const formula = parse(json);
    const largest = 7n * 65535n * 65535n + BigInt(formula.noise.k) * 64n;
    expect(largest).toBe(31_137_595_335n);
    expect(largest < 2n ** BigInt(SCORE_BITS)).toBe(true);
  });

  it('puts the source first, whatever it is', () => {
    expect(() => parseFormula(withValue(fixtureFormulaJson(), 'noise.n', 3), '/srv/run/formula.json')).toThrow(/^\/srv\/run\/formula\.json: noise\.n: /);
    expect(() => parseFormula(withValue(fixtureFormulaJson(), 'noise.n', 22), '/srv/run/formula.json')).toThrow(
      /^\/srv\/run\/formula\.json: noise\.n: 22 coins/,
    );
  });
});

describe('canonical JSON and SHA-256', () => {
  it('writes the canonical JSON exactly, and its SHA-256', () => {
    const formula = parse(fixtureFormulaJson());
    expect(canonicalFormulaJson(formula)).toBe(FIXTURE_CANONICAL);
    expect(createHash('sha256').update(FIXTURE_CANONICAL).digest('hex')).toBe(FIXTURE_SHA256);
    expect(formulaSha256(formula)).toBe(FIXTURE_SHA256);
  });

  it('does not depend on key order, spacing or how a number is spelled', () => {
    const reordered = JSON.parse(`{
      "release": { "period_epsilon": 5.0, "grace_days": 2 },
      "privacy_unit": "user_day", "batch_size": 16.0, "noise": { "n": 24, "delta": 1e-6, "epsilon": 25e-1, "k": 2.54e2 },
      "features": {
        "tenure_days": { "daily_cap": 0, "cap": 60, "weight": 1 },
        "trips": { "weight": 2, "daily_cap": 5, "cap": 30 },
        "km": { "cap": 5e2, "weight": 1, "daily_cap": 100 },
        "adas_km": { "weight": 3, "cap": 50, "daily_cap": 40 },
        "night_km": { "weight": 0, "cap": 10, "daily_cap": 20 },
        "distinct_regions": { "weight": 7, "cap": 4, "daily_cap": 2 },
        "active_days": { "weight": 10, "cap": 20, "daily_cap": 1 }
      },
      "pool": "1000", "version": 3, "id": "stones-test"
    }`);
    const formula = parse(reordered);
    expect(canonicalFormulaJson(formula)).toBe(FIXTURE_CANONICAL);
    expect(formulaSha256(formula)).toBe(FIXTURE_SHA256);
  });

  it('writes the derived n: a formula without n hashes like the same formula with it written out', () => {
    const withoutN = parse(withValue(fixtureFormulaJson(), 'noise.n', undefined));
    expect(canonicalFormulaJson(withoutN)).toBe(FIXTURE_CANONICAL);
    expect(formulaSha256(withoutN)).toBe(FIXTURE_SHA256);
    // Another target derives another n, and so another hash.
    const json = withValues(fixtureFormulaJson(), { 'noise.n': undefined, 'noise.epsilon': 3 });
    const derived = parse(json);
    expect(canonicalFormulaJson(derived)).toContain('"noise":{"delta":0.000001,"epsilon":3,"k":254,"n":20}');
    expect(formulaSha256(derived)).toBe(formulaSha256(parse(withValue(json, 'noise.n', 20))));
    expect(formulaSha256(derived)).not.toBe(FIXTURE_SHA256);
  });

  it('parses back to the same formula', () => {
    const formula = parse(fixtureFormulaJson());
    expect(parse(JSON.parse(canonicalFormulaJson(formula)))).toEqual(formula);
    const derived = parse(withValue(fixtureFormulaJson(), 'noise.n', undefined));
    expect(parse(JSON.parse(canonicalFormulaJson(derived)))).toEqual(derived);
  });

  it('changes with any one value, delta, epsilon, the release section and id included', () => {
    // n left to be derived (24 for the base), so that a change raising the sensitivity above
    // k = 254 (two lattice steps) gets the n it needs instead of a refusal.
    const base = withValue(fixtureFormulaJson(), 'noise.n', undefined);
    const weights = base.features as Record<string, { weight: number }>;
    const changes: [string, unknown][] = [
      ['id', 'stones-test-2'],
      ['version', 4],
      ['pool', '1001'],
      ...FEATURE_NAMES.map((name): [string, unknown] => [`features.${name}.weight`, weights[name]!.weight + 1]),
      ['features.km.cap', 501],
      ['features.km.daily_cap', 99],
      ['features.tenure_days.cap', 61],
      ['noise.k', 255],
      ['noise.n', 26],
      ['noise.epsilon', 2.6],
      ['noise.delta', 0.000002],
      ['batch_size', 32],
      ['release.grace_days', 3],
      ['release.period_epsilon', 6],
    ];
    const hashes = new Set([formulaSha256(parse(base))]);
    for (const [path, value] of changes) hashes.add(formulaSha256(parse(withValue(base, path, value))));
    expect(hashes.size).toBe(changes.length + 1);
  });
});

describe('formula numbers and their Poseidon hash', () => {
  let hasher: PoseidonHasher;
  beforeAll(async () => {
    hasher = await createCircomlibjsPoseidon();
  });

  // version, pool, (weight, cap, daily_cap) per feature in canonical order, k, n, batch_size,
  // then the draw's stones, crystals_per_entry and max_entries (0, 0, 0: the fixture has no draw).
  const FIXTURE_NUMBERS = [
    3n,
    1000n,
    10n,
    20n,
    1n,
    2n,
    30n,
    5n,
    1n,
    500n,
    100n,
    3n,
    50n,
    40n,
    0n,
    10n,
    20n,
    7n,
    4n,
    2n,
    1n,
    60n,
    0n,
    254n,
    24n,
    16n,
    0n,
    0n,
    0n,
  ];

  it('lists the circuit numbers in canonical order', () => {
    expect(formulaNumbers(parse(fixtureFormulaJson()))).toEqual(FIXTURE_NUMBERS);
    // n is a circuit number also when it is derived.
    expect(formulaNumbers(parse(withValue(fixtureFormulaJson(), 'noise.n', undefined)))).toEqual(FIXTURE_NUMBERS);
    // A draw section gives its three numbers, last.
    const withDraw = parse(withValue(fixtureFormulaJson(), 'draw', { stones: 7, crystals_per_entry: 25, max_entries: 20 }));
    expect(formulaNumbers(withDraw)).toEqual([...FIXTURE_NUMBERS.slice(0, 26), 7n, 25n, 20n]);
  });

  it('chains Poseidon over chunks of 15 numbers, starting from 0', () => {
    // 29 numbers: h1 = Poseidon([0, numbers 1..15]), h2 = Poseidon([h1, numbers 16..29]).
    const h1 = hasher.hash([0n, ...FIXTURE_NUMBERS.slice(0, 15)]);
    const h2 = hasher.hash([h1, ...FIXTURE_NUMBERS.slice(15)]);
    const formula = parse(fixtureFormulaJson());
    expect(formulaPoseidonHash(hasher, formula)).toBe(h2);
    expect(formulaPoseidonHash(hasher, formula)).toBe(formulaPoseidonHash(hasher, parse(fixtureFormulaJson())));
    // One chunk only: Poseidon([0, ...numbers]); 15 numbers exactly are one chunk, not two.
    expect(poseidonChainHash(hasher, [5n, 6n])).toBe(hasher.hash([0n, 5n, 6n]));
    const fifteen = FIXTURE_NUMBERS.slice(0, 15);
    expect(poseidonChainHash(hasher, fifteen)).toBe(hasher.hash([0n, ...fifteen]));
  });

  it("is pinned, and the same with the pipeline's Poseidon", async () => {
    // Computed once with circomlibjs for these 29 numbers (and with a draw of 7 stones, 25
    // crystals an entry, 20 entries at most): a change here means the formula commitment changed.
    const pinned = 4524288950215630616682283411331058683841940997311675768533222022557076119410n;
    const formula = parse(fixtureFormulaJson());
    expect(formulaPoseidonHash(hasher, formula)).toBe(pinned);
    expect(formulaPoseidonHash(await createPoseidon(), formula)).toBe(pinned);
    const pinnedWithDraw = 20247172202768373005727618722090478849956231319389718513867976150048406543681n;
    const withDraw = parse(withValue(fixtureFormulaJson(), 'draw', { stones: 7, crystals_per_entry: 25, max_entries: 20 }));
    expect(formulaPoseidonHash(hasher, withDraw)).toBe(pinnedWithDraw);
    expect(formulaPoseidonHash(await createPoseidon(), withDraw)).toBe(pinnedWithDraw);
  });

  it('changes when any one of the 29 numbers changes', () => {
    const base = poseidonChainHash(hasher, FIXTURE_NUMBERS);
    const seen = new Set([base]);
    for (let index = 0; index < FIXTURE_NUMBERS.length; index++) {
      const changed = FIXTURE_NUMBERS.map((value, i) => (i === index ? value + 1n : value));
      seen.add(poseidonChainHash(hasher, changed));
    }
    expect(seen.size).toBe(FIXTURE_NUMBERS.length + 1);
    // Moving a number to another place changes it too (order is bound).
    const swapped = [...FIXTURE_NUMBERS];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(poseidonChainHash(hasher, swapped)).not.toBe(base);
  });

  it('changes with the formula, not with delta, epsilon or the release section (bound by the SHA-256 instead)', () => {
    const base = parse(fixtureFormulaJson());
    const poseidonOf = (path: string, value: unknown) => formulaPoseidonHash(hasher, parse(withValue(fixtureFormulaJson(), path, value)));
    expect(poseidonOf('noise.k', 255)).not.toBe(formulaPoseidonHash(hasher, base));
    expect(poseidonOf('noise.n', 26)).not.toBe(formulaPoseidonHash(hasher, base));
    for (const [path, value] of [
      ['noise.delta', 0.000002],
      ['noise.epsilon', 3],
      ['release.grace_days', 5],
      ['release.period_epsilon', 7],
    ] as const) {
      expect(poseidonOf(path, value), path).toBe(formulaPoseidonHash(hasher, base));
    }
  });
});

describe('dailyCapsOf', () => {
  it('gives computeFeatures the daily caps of the formula', () => {
    const caps = dailyCapsOf(parse(fixtureFormulaJson()));
    expect(caps).toEqual({ trips: 5, km: 100, adas_km: 40, night_km: 20, distinct_regions: 2 });
    expect(validateDailyCaps(caps)).toBe(caps);
  });
});

describe('loadFormula', () => {
  const tempDir = useTempDir();

  it('returns the formula, its canonical JSON and its SHA-256', async () => {
    const path = join(tempDir(), 'formula.json');
    writeFileSync(path, JSON.stringify(fixtureFormulaJson(), null, 2));
    const loaded = await loadFormula(path);
    expect(loaded.formula).toEqual(parse(fixtureFormulaJson()));
    expect(loaded.canonicalJson).toBe(FIXTURE_CANONICAL);
    expect(loaded.sha256).toBe(FIXTURE_SHA256);
  });

  it('gives a file without n the canonical JSON and SHA-256 of the same file with the derived n written out', async () => {
    const without = join(tempDir(), 'without-n.json');
    const written = join(tempDir(), 'with-n.json');
    writeFileSync(without, JSON.stringify(withValue(fixtureFormulaJson(), 'noise.n', undefined), null, 2));
    writeFileSync(written, JSON.stringify(withValue(fixtureFormulaJson(), 'noise.n', 24), null, 2));
    const [loadedWithout, loadedWritten] = [await loadFormula(without), await loadFormula(written)];
    expect(loadedWithout.formula.noise.n).toBe(24);
    expect(loadedWithout.canonicalJson).toBe(FIXTURE_CANONICAL);
    expect(loadedWithout.sha256).toBe(FIXTURE_SHA256);
    expect(loadedWritten.sha256).toBe(loadedWithout.sha256);
  });

  it('gives the published formula without n the SHA-256 of the published file', async () => {
    const published = await loadFormula(publishedFormulaPath());
    const path = join(tempDir(), 'formula.json');
    writeFileSync(path, JSON.stringify(withValue(JSON.parse(published.canonicalJson) as Record<string, unknown>, 'noise.n', undefined)));
    const loaded = await loadFormula(path);
    expect(loaded.formula.noise.n).toBe(128);
    expect(loaded.canonicalJson).toBe(published.canonicalJson);
    expect(loaded.sha256).toBe(published.sha256);
  });

  it('refuses a missing file with a ConfigError naming it', async () => {
    const path = join(tempDir(), 'nope.json');
    await expect(loadFormula(path)).rejects.toThrow(ConfigError);
    await expect(loadFormula(path)).rejects.toThrow(`${path}: cannot read the formula file (no such file)`);
  });

  it('refuses bad JSON with a one-line ConfigError naming the file', async () => {
    const path = join(tempDir(), 'formula.json');
    writeFileSync(path, '{\n  "id": "stones-data-value",\n  "version": 1,\n}\n');
    const error = await loadFormula(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON \\(`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a bad field, naming the file and the field', async () => {
    const path = join(tempDir(), 'formula.json');
    writeFileSync(path, JSON.stringify(withValue(fixtureFormulaJson(), 'features.km.weight', -3)));
    await expect(loadFormula(path)).rejects.toThrow(`${path}: features.km.weight: must be a whole number from 0 to 65535 (16 bits), got -3`);
    writeFileSync(path, JSON.stringify(withValue(fixtureFormulaJson(), 'noise.n', 22)));
    await expect(loadFormula(path)).rejects.toThrow(`${path}: noise.n: 22 coins give epsilon ${N22_EPSILON} per user-day`);
  });
});
