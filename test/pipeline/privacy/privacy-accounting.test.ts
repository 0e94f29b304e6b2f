import { describe, expect, it } from 'vitest';
import {
  approximateDp,
  bunSteinkeEpsilon,
  compareRational,
  composeCosts,
  gaussianCost,
  gaussianRho,
  gaussianSigmaForRho,
  laplaceCost,
  laplaceEpsilon,
  laplaceScaleForEpsilon,
  parseRational,
  pureToZcdp,
  rational,
  zcdpDelta,
  zcdpEpsilon,
} from '../../../pipeline/privacy/index.js';

describe('costs of single releases', () => {
  it('discrete Laplace: epsilon = l1 sensitivity / b, exactly', () => {
    expect(laplaceEpsilon(1n, parseRational('0.5'))).toEqual(rational(2n));
    expect(laplaceEpsilon(3n, parseRational('12.5'))).toEqual(rational(6n, 25n));
    expect(laplaceEpsilon(1n, parseRational('0.3'))).toEqual(rational(10n, 3n)); // not 3.3333333333333335
  });

  it('discrete Gaussian: rho = l2^2 / (2 sigma^2), exactly (CKS20 Theorem 14)', () => {
    expect(gaussianRho(1n, parseRational('3'))).toEqual(rational(1n, 18n));
    expect(gaussianRho(4n, parseRational('0.5'))).toEqual(rational(8n)); // l2 = 2, sigma^2 = 1/4: 4 / (1/2)
    expect(gaussianRho(3n * 25n, parseRational('10'))).toEqual(rational(3n, 8n)); // 3 bins of 5: l2^2 = 75
  });

  it('pure epsilon is epsilon^2/2 zCDP, and a cost carries both', () => {
    expect(pureToZcdp(rational(1n, 2n))).toEqual(rational(1n, 8n));
    expect(laplaceCost(1n, parseRational('2'))).toEqual({ epsilon: rational(1n, 2n), rho: rational(1n, 8n) });
    expect(gaussianCost(1n, parseRational('3'))).toEqual({ epsilon: null, rho: rational(1n, 18n) });
  });

  it('calibrates: the Laplace scale for an epsilon, the smallest decimal sigma for a rho', () => {
    expect(laplaceScaleForEpsilon(318n, parseRational('0.5'))).toEqual(rational(636n));
    expect(laplaceEpsilon(318n, laplaceScaleForEpsilon(318n, parseRational('0.3')))).toEqual(parseRational('0.3'));
    // rho = 1/2, D = 1: sigma = 1 exactly; rho = 1/18: sigma = 3 exactly.
    expect(gaussianSigmaForRho(1n, rational(1n, 2n))).toEqual(rational(1n));
    expect(gaussianSigmaForRho(1n, rational(1n, 18n))).toEqual(rational(3n));
    // rho = 0.1, D = 1: sqrt(5) = 2.2360679..., rounded up at 6 decimals: 2.236068; its rho is just below 0.1.
    const sigma = gaussianSigmaForRho(1n, parseRational('0.1'));
    expect(sigma).toEqual(parseRational('2.236068'));
    expect(compareRational(gaussianRho(1n, sigma), parseRational('0.1'))).toBe(-1);
    expect(compareRational(gaussianRho(1n, parseRational('2.236067')), parseRational('0.1'))).toBe(1);
  });

  it('refuses negative sensitivities and non-positive parameters', () => {
    expect(() => laplaceEpsilon(-1n, rational(1n))).toThrow(RangeError);
    expect(() => laplaceEpsilon(1n, rational(0n))).toThrow(RangeError);
    expect(() => gaussianRho(1n, rational(-1n))).toThrow(RangeError);
  });
});

describe('composition', () => {
  it('adds epsilons while all parts are pure, and always adds rhos, as exact fractions', () => {
    const two = composeCosts([laplaceCost(1n, parseRational('10')), laplaceCost(1n, parseRational('5'))]);
    expect(two).toEqual({ epsilon: rational(3n, 10n), rho: rational(1n, 40n) }); // 0.1^2/2 + 0.2^2/2 = 1/200 + 4/200
    const mixed = composeCosts([laplaceCost(1n, parseRational('10')), gaussianCost(1n, parseRational('3'))]);
    expect(mixed.epsilon).toBeNull();
    expect(mixed.rho).toEqual(rational(109n, 1800n)); // 1/200 + 1/18 = (9 + 100) / 1800
    expect(composeCosts([])).toEqual({ epsilon: rational(0n), rho: rational(0n) });
  });
});

describe('rho-zCDP to (epsilon, delta) (CKS20 Corollary 13)', () => {
  // References: min over alpha > 1 of alpha rho + (ln(1/delta) + (alpha-1) ln(1 - 1/alpha) - ln alpha) / (alpha - 1),
  // minimised with mpmath at 30 digits (a grid over alpha, then the root of the derivative).
  const references: [number, number, number][] = [
    [1 / 18, 1e-8, 1.85613979723223],
    [0.5, 1e-6, 5.22153444453017],
    [0.005, 1e-8, 0.523556126952164],
    [2, 1e-5, 10.7248241129392],
  ];

  it('gives the optimal epsilon, rounded up, and never more than Bun-Steinke', () => {
    for (const [rho, delta, epsilon] of references) {
      const ours = zcdpEpsilon(rho, delta);
      expect(ours, `rho ${rho}, delta ${delta}`).toBeGreaterThanOrEqual(epsilon * (1 - 1e-12));
      expect(ours, `rho ${rho}, delta ${delta}`).toBeLessThan(epsilon * (1 + 1e-9));
      expect(ours).toBeLessThan(bunSteinkeEpsilon(rho, delta));
    }
    expect(bunSteinkeEpsilon(0.5, 1e-6)).toBeCloseTo(0.5 + 2 * Math.sqrt(0.5 * Math.log(1e6)), 12);
  });

  it('is the inverse of delta(epsilon)', () => {
    for (const [rho, delta] of references) {
      const epsilon = zcdpEpsilon(rho, delta);
      expect(zcdpDelta(rho, epsilon)).toBeLessThanOrEqual(delta);
      expect(zcdpDelta(rho, epsilon * 0.999)).toBeGreaterThan(delta);
    }
    expect(zcdpDelta(0, 1)).toBe(0);
    expect(zcdpEpsilon(0, 1e-6)).toBe(0);
    expect(zcdpDelta(1, 0)).toBeLessThanOrEqual(1);
  });

  it('reports the better of pure composition and the zCDP conversion', () => {
    // One Laplace release at epsilon 1: (1, 0) beats rho = 1/2 at delta 1e-8.
    expect(approximateDp(laplaceCost(1n, parseRational('1')), 1e-8)).toEqual({ epsilon: 1, delta: 0, via: 'pure' });
    // 100 releases at epsilon 0.1: pure gives 10; rho = 100 * 0.005 = 0.5 gives about 6.3 at delta 1e-8.
    const many = composeCosts(Array.from({ length: 100 }, () => laplaceCost(1n, parseRational('10'))));
    const report = approximateDp(many, 1e-8);
    expect(report.via).toBe('zcdp');
    expect(report.delta).toBe(1e-8);
    expect(report.epsilon).toBeLessThan(10);
    expect(report.epsilon).toBeCloseTo(zcdpEpsilon(0.5, 1e-8), 12);
    // A Gaussian release is reported through rho.
    expect(approximateDp(gaussianCost(1n, parseRational('3')), 1e-8).epsilon).toBeCloseTo(1.85613979723223, 9);
    expect(() => zcdpEpsilon(0.5, 0)).toThrow(RangeError);
  });
});
