import { describe, expect, it } from 'vitest';
import {
  certifiedScoreEpsilon,
  latticeShift,
  leastCoinsForTarget,
  loadFormula,
  NEIGHBOUR_RELATION,
  parseFormula,
  publishedFormulaPath,
  scoreNoisePrivacy,
} from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson, withValue } from './formula-fixture.js';

/**
 * delta(eps) of the lattice release, recomputed here in floating point, independently of the
 * accountant: P = Binomial(n, 1/2), Q = P moved up by s, and delta is the largest, over the
 * shifts s = 1..maxShift and both directions, of sum_z max(0, P(z) - e^eps Q(z)).
 */
function floatDelta(n: number, maxShift: number, epsilon: number): number {
  const pmf: number[] = [];
  let coefficient = 1n;
  for (let z = 0; z <= n; z++) {
    if (z > 0) coefficient = (coefficient * BigInt(n - z + 1)) / BigInt(z);
    pmf.push(Number(coefficient) / 2 ** n);
  }
  const p = (z: number) => (z >= 0 && z <= n ? pmf[z]! : 0);
  const ratio = Math.exp(epsilon);
  let largest = 0;
  for (let shift = 1; shift <= maxShift; shift++) {
    let forward = 0;
    let backward = 0;
    for (let z = 0; z <= n + shift; z++) {
      forward += Math.max(0, p(z) - ratio * p(z - shift));
      backward += Math.max(0, p(z - shift) - ratio * p(z));
    }
    largest = Math.max(largest, forward, backward);
  }
  return largest;
}

/** The certified epsilon is the least on the grid of 1e-4: delta is met there and not one step below. */
function expectLeastOnGrid(n: number, maxShift: number, delta: number, epsilon: number): void {
  expect(floatDelta(n, maxShift, epsilon)).toBeLessThanOrEqual(delta);
  expect(floatDelta(n, maxShift, epsilon - 1e-4)).toBeGreaterThan(delta);
}

describe('scoreNoisePrivacy', () => {
  it('gives the privacy and noise of the published formula', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    expect(formula.noise).toEqual({ k: 114, n: 128, epsilon: 2, delta: 1e-8 });
    // Sensitivity 60 + 48 + 60 + 20 + 20 + 20 + 0 = 228 (score.test.ts), k = 114: one user-day
    // moves q = floor(score / 114) by at most ceil(228 / 114) = 2 steps.
    // noise sd = k sqrt(n) / 2 = 114 * sqrt(128) / 2 = 57 * 8 sqrt(2) = 456 sqrt(2) = 644.881...
    const privacy = scoreNoisePrivacy(formula);
    expect(privacy).toEqual({
      epsilon: 1.9884,
      targetEpsilon: 2,
      delta: 1e-8,
      sensitivity: 228n,
      k: 114,
      n: 128,
      latticeShift: 2,
      noiseSd: privacy.noiseSd,
    });
    expect(privacy.noiseSd).toBeCloseTo(456 * Math.SQRT2, 10);
    expect(privacy.noiseSd).toBeCloseTo(644.88, 2);
    expect(privacy.epsilon).toBeLessThanOrEqual(privacy.targetEpsilon);
  });

  it('certifies the published epsilon: delta(1.9884) <= 1e-8 < delta(1.9883), recomputed in floating point', () => {
    expectLeastOnGrid(128, 2, 1e-8, 1.9884);
    // It is the shift of 2 steps that costs: one step alone would be far cheaper.
    expect(certifiedScoreEpsilon(114n, 114, 128, 1e-8)).toBeLessThan(1.9884);
    expect(floatDelta(128, 1, 1.9884)).toBeLessThan(floatDelta(128, 2, 1.9884));
  });

  it("gives the fixture's figures, worked by hand", () => {
    // Sensitivity 254 = k: one step. With n = 24 coins the ratio P(z) / Q(z) = (25 - z) / z
    // is 24, 11.5, 7.33, ... for z = 1, 2, 3, so at e^eps = r about 11.4
    // delta = (P(0) + P(1) - r P(0) + P(2) - r P(1)) = (1 + 24 - r + 276 - 24 r) / 2^24,
    // which is at most 1e-6 iff r >= (301 - 2^24 * 1e-6) / 25 = 11.36891136: eps = 2.430882,
    // 2.4309 rounded up to the grid. sd = 254 sqrt(24) / 2 = 127 sqrt(24) = 622.17.
    const byHand = Math.ceil(Math.log((301 - 2 ** 24 * 1e-6) / 25) * 1e4) / 1e4;
    expect(byHand).toBe(2.4309);
    const privacy = scoreNoisePrivacy(parseFormula(fixtureFormulaJson(), 'fixture'));
    expect(privacy).toEqual({
      epsilon: byHand,
      targetEpsilon: 2.5,
      delta: 0.000001,
      sensitivity: 254n,
      k: 254,
      n: 24,
      latticeShift: 1,
      noiseSd: privacy.noiseSd,
    });
    expect(privacy.noiseSd).toBeCloseTo(127 * Math.sqrt(24), 10);
    expectLeastOnGrid(24, 1, 1e-6, 2.4309);
  });
});

describe('certifiedScoreEpsilon', () => {
  it('gives the epsilons worked out by hand for one lattice step', () => {
    // n = 22: only z = 1 (ratio 22) is above r, delta = (1 + 22 - r) / 2^22 <= 1e-6 iff
    // r >= 23 - 4.194304 = 18.805696: eps = ln 18.805696 = 2.934161 -> 2.9342.
    // n = 20: delta = (1 + 20 - r) / 2^20 iff r >= 21 - 1.048576 = 19.951424: 2.993305 -> 2.9934.
    expect(Math.ceil(Math.log(23 - 2 ** 22 * 1e-6) * 1e4) / 1e4).toBe(2.9342);
    expect(Math.ceil(Math.log(21 - 2 ** 20 * 1e-6) * 1e4) / 1e4).toBe(2.9934);
    expect(certifiedScoreEpsilon(254n, 254, 22, 1e-6)).toBe(2.9342);
    expect(certifiedScoreEpsilon(254n, 254, 20, 1e-6)).toBe(2.9934);
    expectLeastOnGrid(22, 1, 1e-6, 2.9342);
    expectLeastOnGrid(20, 1, 1e-6, 2.9934);
  });

  it('is Infinity when P(Z < shift) alone is above delta', () => {
    // n = 18: P(0) = 2^-18 = 3.8e-6 > 1e-6. n = 2: P(0) = 1/4.
    expect(certifiedScoreEpsilon(254n, 254, 18, 1e-6)).toBe(Infinity);
    expect(certifiedScoreEpsilon(254n, 254, 2, 1e-6)).toBe(Infinity);
    // Two steps: P(Z < 2) = (1 + n) / 2^n; for n = 24, 25 / 2^24 = 1.5e-6 > 1e-6.
    expect(certifiedScoreEpsilon(255n, 254, 24, 1e-6)).toBe(Infinity);
  });

  it('depends on sensitivity and k only through the lattice shift ceil(sensitivity / k)', () => {
    // 254 / 254, 1 / 254 and 254 / 300 are all one step; 255 / 254 and 254 / 127 two.
    const one = certifiedScoreEpsilon(254n, 254, 64, 1e-6);
    expect(certifiedScoreEpsilon(1n, 254, 64, 1e-6)).toBe(one);
    expect(certifiedScoreEpsilon(254n, 300, 64, 1e-6)).toBe(one);
    const two = certifiedScoreEpsilon(255n, 254, 64, 1e-6);
    expect(certifiedScoreEpsilon(254n, 127, 64, 1e-6)).toBe(two);
    expect(two).toBeGreaterThan(one);
    // A zero sensitivity costs nothing.
    expect(certifiedScoreEpsilon(0n, 254, 24, 1e-6)).toBe(0);
  });

  it('falls as coins are added and rises as delta shrinks', () => {
    const byCoins = [24, 32, 64, 128].map((n) => certifiedScoreEpsilon(254n, 254, n, 1e-6));
    expect(byCoins).toEqual([...byCoins].sort((a, b) => b - a));
    expect(new Set(byCoins).size).toBe(4);
    expect(certifiedScoreEpsilon(254n, 254, 24, 1e-7)).toBeGreaterThan(certifiedScoreEpsilon(254n, 254, 24, 1e-6));
  });
});

describe('leastCoinsForTarget', () => {
  it('is the least even n whose certified epsilon meets the target, worked by hand', () => {
    const target = (epsilon: number) => leastCoinsForTarget(254n, 254, { epsilon, delta: 1e-6 });
    expect(target(2.5)).toBe(24); //    22 coins: 2.9342, 24: 2.4309
    expect(target(2.4309)).toBe(24); // met exactly
    expect(target(2.4308)).toBe(26);
    expect(target(2.9342)).toBe(22);
    expect(target(3)).toBe(20); //      20 coins: 2.9934; 18: no epsilon at all
    expect(target(20)).toBe(20); //     still 20: fewer coins certify nothing at delta 1e-6
  });

  it('is the published n for the published target', () => {
    expect(leastCoinsForTarget(228n, 114, { epsilon: 2, delta: 1e-8 })).toBe(128);
    // 126 coins give 2.0068: above the target.
    expect(certifiedScoreEpsilon(228n, 114, 126, 1e-8)).toBe(2.0068);
    expectLeastOnGrid(126, 2, 1e-8, 2.0068);
  });

  it('is undefined when 128 coins do not meet the target, and 2 when nothing is to be hidden', () => {
    // 128 coins at one step: 0.7571.
    expect(certifiedScoreEpsilon(254n, 254, 128, 1e-6)).toBe(0.7571);
    expect(leastCoinsForTarget(254n, 254, { epsilon: 0.7571, delta: 1e-6 })).toBe(128);
    expect(leastCoinsForTarget(254n, 254, { epsilon: 0.757, delta: 1e-6 })).toBeUndefined();
    expect(leastCoinsForTarget(0n, 254, { epsilon: 0.1, delta: 1e-6 })).toBe(2);
  });
});

describe('latticeShift', () => {
  it('is ceil(sensitivity / k)', () => {
    expect(latticeShift(228n, 114)).toBe(2);
    expect(latticeShift(229n, 114)).toBe(3);
    expect(latticeShift(227n, 114)).toBe(2);
    expect(latticeShift(114n, 114)).toBe(1);
    expect(latticeShift(254n, 254)).toBe(1);
    expect(latticeShift(255n, 254)).toBe(2);
    expect(latticeShift(1n, 16_777_215)).toBe(1);
    expect(latticeShift(0n, 5)).toBe(0);
  });
});

describe('every accepted formula meets its target', () => {
  it.each([
    ['the fixture', fixtureFormulaJson()],
    ['the fixture, n derived', withValue(fixtureFormulaJson(), 'noise.n', undefined)],
    ['two steps, n derived', withValue(withValue(fixtureFormulaJson(), 'noise.n', undefined), 'noise.k', 127)],
    ['three steps, target 4, n derived', withValue(withValue(withValue(fixtureFormulaJson(), 'noise.n', undefined), 'noise.k', 100), 'noise.epsilon', 4)],
  ])('%s', (_name, json) => {
    const formula = parseFormula(json, 'fixture');
    const privacy = scoreNoisePrivacy(formula);
    expect(privacy.epsilon).toBeLessThanOrEqual(privacy.targetEpsilon);
    expect(privacy.epsilon).toBeLessThanOrEqual(formula.release.period_epsilon);
    expectLeastOnGrid(privacy.n, privacy.latticeShift, privacy.delta, privacy.epsilon);
    if (!('n' in (json.noise as object))) {
      // Derived: two coins fewer would miss the target.
      expect(certifiedScoreEpsilon(privacy.sensitivity, privacy.k, privacy.n - 2, privacy.delta)).toBeGreaterThan(privacy.targetEpsilon);
    }
  });
});

describe('NEIGHBOUR_RELATION', () => {
  it('states the privacy unit and that the enrolment list is public', () => {
    expect(NEIGHBOUR_RELATION).toMatch(/all the trips of one owner on one local day/);
    expect(NEIGHBOUR_RELATION).toMatch(/enrolment list .* is the same in both/);
    expect(NEIGHBOUR_RELATION).toMatch(/tenure counts from the enrolment date/);
  });
});
