import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { ConfigError } from '../../../pipeline/errors/index.js';
import {
  canonicalFormulaJson,
  formulaNumbers,
  formulaPoseidonHash,
  formulaSha256,
  loadFormula,
  parseFormula,
  publishedFormulaPath,
  STATISTIC_NAMES,
} from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson, withValue } from './formula-fixture.js';

/** A statistics section small enough to read: budget 1, one release costs 0.02 + 5 * 0.05 = 0.27. */
function fixturePolicy(): Record<string, unknown> {
  return {
    period_budget_rho: '1',
    report_delta: 1e-8,
    confidence: 0.95,
    clamps: { km_per_day: 300, adas_km_per_day: 200, trips_per_day: 8, regions_per_day: 2 },
    regions: ['DE-BE', 'CN-SH'],
    score_bin_edges: [0, 100, 500],
    releases: {
      active_users: { mechanism: 'discrete_laplace', epsilon: '0.2' },
      total_km: { mechanism: 'discrete_gaussian', rho: '0.05' },
      total_adas_km: { mechanism: 'discrete_gaussian', rho: '0.05' },
      km_by_region: { mechanism: 'discrete_gaussian', rho: '0.05' },
      trips_by_hour: { mechanism: 'discrete_gaussian', rho: '0.05' },
      score_histogram: { mechanism: 'discrete_gaussian', rho: '0.05' },
    },
  };
}

function withPolicy(): Record<string, unknown> {
  return { ...fixtureFormulaJson(), statistics: fixturePolicy() };
}

function errorOf(json: unknown): string {
  try {
    parseFormula(json, 'formula.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the statistics section of the formula', () => {
  it('is read from the published formula.json', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    const policy = formula.statistics!;
    expect(policy.period_budget_rho).toBe('1');
    expect(policy.report_delta).toBe(1e-8);
    expect(policy.confidence).toBe(0.95);
    expect(Object.keys(policy.releases)).toEqual([...STATISTIC_NAMES]);
    expect(policy.regions).toContain('DE-BE');
  });

  it('is optional: a formula without it parses, and keeps its canonical JSON and hashes', () => {
    const formula = parseFormula(fixtureFormulaJson(), 'formula.json');
    expect(formula.statistics).toBeUndefined();
    expect(canonicalFormulaJson(formula)).not.toContain('statistics');
  });

  it('goes into the canonical JSON (lists in order, keys sorted) and the SHA-256, never into the circuit numbers', async () => {
    const without = parseFormula(fixtureFormulaJson(), 'formula.json');
    const withStatistics = parseFormula(withPolicy(), 'formula.json');
    const canonical = canonicalFormulaJson(withStatistics);
    expect(canonical).toContain(
      '"statistics":{"clamps":{"adas_km_per_day":200,"km_per_day":300,"regions_per_day":2,"trips_per_day":8},"confidence":0.95,' +
        '"period_budget_rho":"1","regions":["DE-BE","CN-SH"],"releases":{"active_users":{"epsilon":"0.2","mechanism":"discrete_laplace"},',
    );
    expect(canonical).toContain('"score_bin_edges":[0,100,500]}');
    expect(formulaSha256(withStatistics)).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(formulaSha256(withStatistics)).not.toBe(formulaSha256(without));
    expect(parseFormula(JSON.parse(canonical), 'formula.json')).toEqual(withStatistics);
    expect(formulaNumbers(withStatistics)).toEqual(formulaNumbers(without));
    const hasher: PoseidonHasher = await createCircomlibjsPoseidon();
    expect(formulaPoseidonHash(hasher, withStatistics)).toBe(formulaPoseidonHash(hasher, without));
  });

  it('changes the SHA-256 with any one value', () => {
    const changes: [string, unknown][] = [
      ['statistics.period_budget_rho', '2'],
      ['statistics.report_delta', 1e-9],
      ['statistics.confidence', 0.9],
      ['statistics.clamps.km_per_day', 301],
      ['statistics.clamps.regions_per_day', 3],
      ['statistics.regions', ['CN-SH', 'DE-BE']],
      ['statistics.score_bin_edges', [0, 100, 501]],
      ['statistics.releases.total_km.rho', '0.04'],
      ['statistics.releases.active_users', { mechanism: 'discrete_gaussian', rho: '0.02' }],
    ];
    const hashes = new Set([formulaSha256(parseFormula(withPolicy(), 'formula.json'))]);
    for (const [path, value] of changes) hashes.add(formulaSha256(parseFormula(withValue(withPolicy(), path, value), 'formula.json')));
    expect(hashes.size).toBe(changes.length + 1);
  });

  const cases: [string, string, unknown, RegExp][] = [
    [
      'an unknown key',
      'statistics.comment',
      'hi',
      /^formula\.json: statistics: unknown key "comment" \(expected exactly: period_budget_rho, report_delta, confidence, clamps, regions, score_bin_edges, releases\)$/,
    ],
    [
      'a budget as a number',
      'statistics.period_budget_rho',
      1,
      /^formula\.json: statistics\.period_budget_rho: must be a positive decimal number written as a string.*got 1$/,
    ],
    ['a budget with a trailing zero', 'statistics.period_budget_rho', '1.0', /^formula\.json: statistics\.period_budget_rho: .*got "1\.0"$/],
    ['a budget of 0', 'statistics.period_budget_rho', '0', /^formula\.json: statistics\.period_budget_rho: .*got "0"$/],
    ['a budget with an exponent', 'statistics.period_budget_rho', '1e0', /^formula\.json: statistics\.period_budget_rho: .*got "1e0"$/],
    ['a delta of 1', 'statistics.report_delta', 1, /^formula\.json: statistics\.report_delta: must be a number strictly between 0 and 1, got 1$/],
    ['a confidence of 1', 'statistics.confidence', 1, /^formula\.json: statistics\.confidence: .*got 1$/],
    ['a clamp of 0', 'statistics.clamps.km_per_day', 0, /^formula\.json: statistics\.clamps\.km_per_day: must be a whole number from 1 to 2147483647, got 0$/],
    ['a missing clamp', 'statistics.clamps.trips_per_day', undefined, /^formula\.json: statistics\.clamps\.trips_per_day: .*got nothing$/],
    [
      'an unknown clamp',
      'statistics.clamps.night_km_per_day',
      5,
      /^formula\.json: statistics\.clamps: unknown key "night_km_per_day" \(expected exactly: km_per_day, adas_km_per_day, trips_per_day, regions_per_day\)$/,
    ],
    [
      'ADAS clamped above km',
      'statistics.clamps.adas_km_per_day',
      301,
      /^formula\.json: statistics\.clamps\.adas_km_per_day: must be at most clamps\.km_per_day \(300\), got 301$/,
    ],
    [
      'a region named other',
      'statistics.regions',
      ['DE-BE', 'other'],
      /^formula\.json: statistics\.regions: must be a list of 1 to 1000 distinct region codes .*got a list$/,
    ],
    ['a region twice', 'statistics.regions', ['DE-BE', 'DE-BE'], /^formula\.json: statistics\.regions: /],
    ['no region', 'statistics.regions', [], /^formula\.json: statistics\.regions: /],
    [
      'edges not from 0',
      'statistics.score_bin_edges',
      [10, 100],
      /^formula\.json: statistics\.score_bin_edges: must be a list of 1 to 1000 strictly increasing whole numbers .*got a list$/,
    ],
    ['edges not increasing', 'statistics.score_bin_edges', [0, 100, 100], /^formula\.json: statistics\.score_bin_edges: /],
    [
      'a missing statistic',
      'statistics.releases.trips_by_hour',
      undefined,
      /^formula\.json: statistics\.releases\.trips_by_hour: must be a JSON object, got nothing$/,
    ],
    [
      'an unknown statistic',
      'statistics.releases.median_km',
      { mechanism: 'discrete_laplace', epsilon: '1' },
      /^formula\.json: statistics\.releases: unknown key "median_km" \(expected exactly: active_users, total_km, total_adas_km, km_by_region, trips_by_hour, score_histogram\)$/,
    ],
    [
      'an unknown mechanism',
      'statistics.releases.total_km.mechanism',
      'gaussian',
      /^formula\.json: statistics\.releases\.total_km\.mechanism: must be "discrete_gaussian" or "discrete_laplace", got "gaussian"$/,
    ],
    [
      'a Gaussian without rho',
      'statistics.releases.total_km',
      { mechanism: 'discrete_gaussian' },
      /^formula\.json: statistics\.releases\.total_km\.rho: must be given for discrete_gaussian/,
    ],
    [
      'a Gaussian with epsilon',
      'statistics.releases.total_km',
      { mechanism: 'discrete_gaussian', rho: '0.05', epsilon: '1' },
      /^formula\.json: statistics\.releases\.total_km\.epsilon: is for discrete_laplace/,
    ],
    [
      'a Laplace with rho',
      'statistics.releases.active_users',
      { mechanism: 'discrete_laplace', rho: '0.02' },
      /^formula\.json: statistics\.releases\.active_users\.rho: is for discrete_gaussian/,
    ],
    [
      'a release over the budget',
      'statistics.period_budget_rho',
      '0.25',
      /^formula\.json: statistics\.releases: one release would spend rho 27\/100 \(0\.27\), more than the period budget 0\.25$/,
    ],
  ];
  it.each(cases)('refuses %s, naming the field', (_what, path, value, message) => {
    expect(errorOf(withValue(withPolicy(), path, value))).toMatch(message);
  });
});
