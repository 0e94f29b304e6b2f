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
  type Formula,
} from '../../../pipeline/scoring/index.js';
import { useTempDir } from '../../support/temp-dir.js';
import { fixtureFormulaJson, withValue } from './formula-fixture.js';

const SOURCE = 'formula.json';

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

// The canonical JSON of the fixture, written out by hand: keys sorted at every level
// (batch_size < features < id < noise < pool < privacy_unit < version; the features
// alphabetically, not in their canonical order; cap < daily_cap < weight), no whitespace,
// the pool as a string, delta as JavaScript writes 1e-6.
const FIXTURE_CANONICAL =
  '{"batch_size":16,"features":{"active_days":{"cap":20,"daily_cap":1,"weight":10},"adas_km":{"cap":50,"daily_cap":40,"weight":3},' +
  '"distinct_regions":{"cap":4,"daily_cap":2,"weight":7},"km":{"cap":500,"daily_cap":100,"weight":1},"night_km":{"cap":10,"daily_cap":20,"weight":0},' +
  '"tenure_days":{"cap":60,"daily_cap":60,"weight":1},"trips":{"cap":30,"daily_cap":5,"weight":2}},"id":"stones-test",' +
  '"noise":{"delta":0.000001,"k":3,"n":8},"pool":"1000","privacy_unit":"user_day","version":3}';
// sha256 of FIXTURE_CANONICAL, pinned: a change of the canonical form must be deliberate.
const FIXTURE_SHA256 = '3edae2826701dd8095f9194acee01d21312887ed32f91d29d731027c6c72dacb';

describe('parseFormula', () => {
  it('reads a valid formula, pool as a bigint, features in canonical order', () => {
    const formula = parse(fixtureFormulaJson());
    expect(formula.pool).toBe(1000n);
    expect(formula.version).toBe(3);
    expect(Object.keys(formula.features)).toEqual([...FEATURE_NAMES]);
    expect(formula.features.km).toEqual({ weight: 1, cap: 500, daily_cap: 100 });
    expect(formula.noise).toEqual({ k: 3, n: 8, delta: 0.000001 });
    expect(formula.batch_size).toBe(16);
    expect(formula.privacy_unit).toBe('user_day');
  });

  it('reads the published formula.json', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    expect(formula.id).toBe('stones-data-value');
    expect(formula.pool).toBe(1_000_000n);
  });

  const valid = fixtureFormulaJson();
  const cases: [what: string, json: unknown, message: RegExp][] = [
    ['not an object', [1, 2], /^formula\.json: must be a JSON object, got a list$/],
    ['null', null, /^formula\.json: must be a JSON object, got null$/],
    ['an unknown top-level key', { ...valid, comment: 'hi' }, /^formula\.json: unknown key "comment" \(expected exactly: id, version, pool, features/],
    ['a missing top-level key', withValue(valid, 'batch_size', undefined), /^formula\.json: batch_size: must be a power of two from 2 to 256, got nothing$/],
    ['a wrong id', withValue(valid, 'id', 'Stones Data'), /^formula\.json: id: must be a lowercase kebab-case name/],
    ['version 0', withValue(valid, 'version', 0), /^formula\.json: version: must be a whole number from 1 to 4294967295, got 0$/],
    ['version as a string', withValue(valid, 'version', '1'), /^formula\.json: version: must be a whole number .*, got "1"$/],
    ['pool as a number', withValue(valid, 'pool', 1000), /^formula\.json: pool: must be a whole number of stones written as a decimal string .*, got 1000$/],
    ['a negative pool', withValue(valid, 'pool', '-5'), /^formula\.json: pool: .*got "-5"$/],
    ['a fractional pool', withValue(valid, 'pool', '10.5'), /^formula\.json: pool: /],
    ['a pool with a leading zero', withValue(valid, 'pool', '0100'), /^formula\.json: pool: /],
    ['a pool of 2^64', withValue(valid, 'pool', (2n ** 64n).toString()), /^formula\.json: pool: must be below 2\^64 \(18446744073709551616\), got 18446744073709551616$/],
    ['features not an object', withValue(valid, 'features', 'all'), /^formula\.json: features: must be a JSON object, got "all"$/],
    ['an unknown feature', withValue(valid, 'features.speed', { weight: 1, cap: 1, daily_cap: 1 }), /^formula\.json: features: unknown key "speed" \(expected exactly: active_days, trips, km, adas_km, night_km, distinct_regions, tenure_days\)$/],
    ['a missing feature', withValue(valid, 'features.km', undefined), /^formula\.json: features\.km: must be a JSON object, got nothing$/],
    ['an unknown key in a feature', withValue(valid, 'features.km.bonus', 2), /^formula\.json: features\.km: unknown key "bonus" \(expected exactly: weight, cap, daily_cap\)$/],
    ['a negative weight', withValue(valid, 'features.km.weight', -1), /^formula\.json: features\.km\.weight: must be a whole number from 0 to 65535 \(16 bits\), got -1$/],
    ['a fractional weight', withValue(valid, 'features.trips.weight', 1.5), /^formula\.json: features\.trips\.weight: .*got 1\.5$/],
    ['a weight over 16 bits', withValue(valid, 'features.km.weight', 65536), /^formula\.json: features\.km\.weight: .*\(16 bits\), got 65536$/],
    ['a cap over 32 bits', withValue(valid, 'features.night_km.cap', 2 ** 32), /^formula\.json: features\.night_km\.cap: must be a whole number from 0 to 4294967295 \(32 bits\), got 4294967296$/],
    ['a missing cap', withValue(valid, 'features.adas_km.cap', undefined), /^formula\.json: features\.adas_km\.cap: .*got nothing$/],
    ['a daily cap of 0', withValue(valid, 'features.km.daily_cap', 0), /^formula\.json: features\.km\.daily_cap: must be a whole number from 1 to 138547332 \(31 days of it must fit 32 bits\), got 0$/],
    ['a daily cap whose 31 days overflow 32 bits', withValue(valid, 'features.km.daily_cap', 138_547_333), /^formula\.json: features\.km\.daily_cap: .*got 138547333$/],
    ['an active-days daily cap of 2', withValue(valid, 'features.active_days.daily_cap', 2), /^formula\.json: features\.active_days\.daily_cap: must be 1 .*got 2$/],
    ['a tenure daily cap below its cap', withValue(valid, 'features.tenure_days.daily_cap', 1), /^formula\.json: features\.tenure_days\.daily_cap: must equal features\.tenure_days\.cap \(60\).*got 1$/],
    ['noise missing', withValue(valid, 'noise', undefined), /^formula\.json: noise: must be a JSON object, got nothing$/],
    ['k = 0', withValue(valid, 'noise.k', 0), /^formula\.json: noise\.k: must be a whole number of at least 1, got 0$/],
    ['an odd n', withValue(valid, 'noise.n', 7), /^formula\.json: noise\.n: must be an even whole number from 2 to 65536, got 7$/],
    ['n = 0', withValue(valid, 'noise.n', 0), /^formula\.json: noise\.n: .*got 0$/],
    ['too many coins', withValue(valid, 'noise.n', 65538), /^formula\.json: noise\.n: .*got 65538$/],
    ['delta = 0', withValue(valid, 'noise.delta', 0), /^formula\.json: noise\.delta: must be a number strictly between 0 and 1, got 0$/],
    ['delta = 1', withValue(valid, 'noise.delta', 1), /^formula\.json: noise\.delta: .*got 1$/],
    ['delta as a string', withValue(valid, 'noise.delta', '1e-6'), /^formula\.json: noise\.delta: .*got "1e-6"$/],
    ['an unknown noise key', withValue(valid, 'noise.sigma', 3), /^formula\.json: noise: unknown key "sigma" \(expected exactly: k, n, delta\)$/],
    ['batch size 3', withValue(valid, 'batch_size', 3), /^formula\.json: batch_size: must be a power of two from 2 to 256, got 3$/],
    ['batch size 1', withValue(valid, 'batch_size', 1), /^formula\.json: batch_size: .*got 1$/],
    ['batch size 512', withValue(valid, 'batch_size', 512), /^formula\.json: batch_size: .*got 512$/],
    ['another privacy unit', withValue(valid, 'privacy_unit', 'user'), /^formula\.json: privacy_unit: must be "user_day", got "user"$/],
  ];
  it.each(cases)('refuses %s, naming the field', (_what, json, message) => {
    expect(errorOf(json)).toMatch(message);
  });

  it('refuses a largest score that does not fit 48 bits, naming the features', () => {
    // 7 features of weight 65535 and cap 2^32 - 1: 7 * (2^16 - 1) * (2^32 - 1) is about 7 * 2^48.
    let json = fixtureFormulaJson();
    for (const name of FEATURE_NAMES) {
      json = withValue(json, `features.${name}.weight`, 65535);
      json = withValue(json, `features.${name}.cap`, 2 ** 32 - 1);
    }
    json = withValue(json, 'features.tenure_days.cap', 1000);
    json = withValue(json, 'features.tenure_days.daily_cap', 1000);
    expect(errorOf(json)).toMatch(/^formula\.json: features: the largest possible score \(sum of weight \* cap\) is \d+, which does not fit 48 bits$/);
  });

  it('refuses a largest score plus the largest noise over 48 bits, naming noise.k', () => {
    // Largest score of the fixture: 10*20 + 2*30 + 1*500 + 3*50 + 0*10 + 7*4 + 1*60 = 998.
    // k * n / 2 with n = 8: k * 4. 998 + 4k < 2^48 iff k <= (2^48 - 999) / 4 = 70368744177414.25.
    const fits = withValue(fixtureFormulaJson(), 'noise.k', 70_368_744_177_414);
    expect(parse(fits).noise.k).toBe(70_368_744_177_414);
    const over = withValue(fixtureFormulaJson(), 'noise.k', 70_368_744_177_415);
    expect(errorOf(over)).toBe(
      'formula.json: noise.k: the largest score (998) plus the largest noise (k * n / 2 = 281474976709660) does not fit 48 bits',
    );
  });

  it('puts the source first, whatever it is', () => {
    expect(() => parseFormula(withValue(fixtureFormulaJson(), 'noise.n', 3), '/srv/run/formula.json')).toThrow(/^\/srv\/run\/formula\.json: noise\.n: /);
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
      "privacy_unit": "user_day", "batch_size": 16.0, "noise": { "n": 8, "delta": 1e-6, "k": 3 },
      "features": {
        "tenure_days": { "daily_cap": 60, "cap": 60, "weight": 1 },
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

  it('parses back to the same formula', () => {
    const formula = parse(fixtureFormulaJson());
    expect(parse(JSON.parse(canonicalFormulaJson(formula)))).toEqual(formula);
  });

  it('changes with any one value, delta and id included', () => {
    const base = fixtureFormulaJson();
    const changes: [string, unknown][] = [
      ['id', 'stones-test-2'],
      ['version', 4],
      ['pool', '1001'],
      ...FEATURE_NAMES.flatMap((name): [string, unknown][] => [
        [`features.${name}.weight`, (base.features as Record<string, { weight: number }>)[name]!.weight + 1],
      ]),
      ['features.km.cap', 501],
      ['features.km.daily_cap', 101],
      ['features.tenure_days.cap', 61],
      ['noise.k', 4],
      ['noise.n', 10],
      ['noise.delta', 0.000002],
      ['batch_size', 32],
    ];
    const hashes = new Set([formulaSha256(parse(base))]);
    for (const [path, value] of changes) {
      let json = withValue(base, path, value);
      if (path === 'features.tenure_days.cap') json = withValue(json, 'features.tenure_days.daily_cap', value);
      hashes.add(formulaSha256(parse(json)));
    }
    expect(hashes.size).toBe(changes.length + 1);
  });
});

describe('formula numbers and their Poseidon hash', () => {
  let hasher: PoseidonHasher;
  beforeAll(async () => {
    hasher = await createCircomlibjsPoseidon();
  });

  // version, pool, (weight, cap, daily_cap) per feature in canonical order, k, n, batch_size.
  const FIXTURE_NUMBERS = [3n, 1000n, 10n, 20n, 1n, 2n, 30n, 5n, 1n, 500n, 100n, 3n, 50n, 40n, 0n, 10n, 20n, 7n, 4n, 2n, 1n, 60n, 60n, 3n, 8n, 16n];

  it('lists the circuit numbers in canonical order', () => {
    expect(formulaNumbers(parse(fixtureFormulaJson()))).toEqual(FIXTURE_NUMBERS);
  });

  it('chains Poseidon over chunks of 15 numbers, starting from 0', () => {
    // 26 numbers: h1 = Poseidon([0, numbers 1..15]), h2 = Poseidon([h1, numbers 16..26]).
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

  it('is pinned, and the same with the pipeline\'s Poseidon', async () => {
    // Computed once with circomlibjs: a change here means the formula commitment changed.
    const pinned = 13605424848308718951485512035480468710238527643907032111275535398315186639096n;
    const formula = parse(fixtureFormulaJson());
    expect(formulaPoseidonHash(hasher, formula)).toBe(pinned);
    expect(formulaPoseidonHash(await createPoseidon(), formula)).toBe(pinned);
  });

  it('changes when any one of the 26 numbers changes', () => {
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

  it('changes with the formula, not with delta (bound by the SHA-256 instead)', () => {
    const base = parse(fixtureFormulaJson());
    expect(formulaPoseidonHash(hasher, parse(withValue(fixtureFormulaJson(), 'noise.k', 4)))).not.toBe(formulaPoseidonHash(hasher, base));
    expect(formulaPoseidonHash(hasher, parse(withValue(fixtureFormulaJson(), 'noise.delta', 0.5)))).toBe(formulaPoseidonHash(hasher, base));
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
  });
});
