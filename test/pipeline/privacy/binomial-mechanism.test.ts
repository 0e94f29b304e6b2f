import { describe, expect, it } from 'vitest';
import { binomialMechanismConstants, binomialMechanismEpsilon } from '../../../pipeline/privacy/index.js';

// Theorem 1 of cpSGD (Agarwal et al., NeurIPS 2018), as stated in binomial-mechanism.ts:
//   eps = D2 sqrt(2 ln(1.25/delta)) / (s sigma)
//       + (D2 c_p sqrt(ln(10/delta)) + D1 b_p) / (s sigma^2 (1 - delta/10))
//       + ((2/3) Dinf ln(1.25/delta) + Dinf d_p ln(20d/delta) ln(10/delta)) / (s sigma^2),
//   sigma^2 = N p (1-p), valid when sigma^2 >= max(23 ln(10d/delta), 2 Dinf / s).

describe('binomialMechanismConstants', () => {
  it('gives b_p, c_p, d_p, worked by hand', () => {
    // p = 1/2: p^2 + (1-p)^2 = 1/2.
    //   b = (2/3)(1/2) + 1 - 1 = 1/3
    //   c = sqrt(2) (3/8 + 3/8 + 2/4 + 2/4) = sqrt(2) * 7/4 = 2.4748737...
    //   d = (4/3)(1/2) = 2/3
    const half = binomialMechanismConstants(0.5);
    expect(half.b).toBeCloseTo(1 / 3, 14);
    expect(half.c).toBeCloseTo((7 * Math.SQRT2) / 4, 14);
    expect(half.d).toBeCloseTo(2 / 3, 14);
    // p = 1/4: p^2 + (1-p)^2 = 1/16 + 9/16 = 5/8.
    //   b = (2/3)(5/8) + 1 - 1/2 = 5/12 + 1/2 = 11/12
    //   c = sqrt(2) (3/64 + 81/64 + 2 * 5/8) = sqrt(2) (84/64 + 80/64) = sqrt(2) * 41/16
    //   d = (4/3)(5/8) = 5/6
    const quarter = binomialMechanismConstants(0.25);
    expect(quarter.b).toBeCloseTo(11 / 12, 14);
    expect(quarter.c).toBeCloseTo((41 * Math.SQRT2) / 16, 14);
    expect(quarter.d).toBeCloseTo(5 / 6, 14);
  });
});

describe('binomialMechanismEpsilon', () => {
  it('gives epsilon for N = 2000, p = 1/2, s = 1, all sensitivities 1, d = 1, delta = 1e-6, worked by hand', () => {
    // sigma^2 = 2000/4 = 500, sigma = 22.360680.
    // ln(1.25/1e-6) = ln 1.25 + 6 ln 10 = 0.223144 + 13.815511 = 14.038654
    // term 1: sqrt(2 * 14.038654) / 22.360680 = 5.298803 / 22.360680 = 0.236970
    // ln(10/1e-6) = 7 ln 10 = 16.118096, sqrt = 4.014735
    // term 2: (2.474874 * 4.014735 + 1/3) / (500 (1 - 1e-7)) = (9.935963 + 0.333333) / 500 = 0.020539
    // ln(20/1e-6) = ln 2 + 7 ln 10 = 16.811243
    // term 3: ((2/3) 14.038654 + (2/3) 16.811243 * 16.118096) / 500
    //       = (9.359103 + (2/3) 270.965282) / 500 = (9.359103 + 180.643521) / 500 = 0.380005
    // epsilon = 0.236970 + 0.020539 + 0.380005 = 0.637514
    // (A public implementation of the theorem checks this case: epsilon in (0.6375, 0.6376).)
    const result = binomialMechanismEpsilon({ n: 2000, p: 0.5, scale: 1, l1: 1, l2: 1, linf: 1, delta: 1e-6, dimension: 1 });
    expect(result.epsilon).toBeCloseTo(0.637514, 5);
    expect(result.epsilon).toBeGreaterThan(0.6375);
    expect(result.epsilon).toBeLessThan(0.6376);
    expect(result.delta).toBe(1e-6);
    // Condition: 500 >= max(23 * 16.118096 = 370.716, 2 * 1 / 1 = 2).
    expect(result.variance).toBe(500);
    expect(result.varianceNeeded).toBeCloseTo(370.716, 3);
    expect(result.conditionHolds).toBe(true);
  });

  it('checks the condition N p (1-p) >= 23 ln(10 d / delta) at its edge', () => {
    // 23 ln(1e7) = 370.716: N = 1483 gives 370.75 (holds), N = 1482 gives 370.5 (does not).
    const at = (n: number) => binomialMechanismEpsilon({ n, p: 0.5, scale: 1, l1: 1, l2: 1, linf: 1, delta: 1e-6, dimension: 1 });
    expect(at(1483).conditionHolds).toBe(true);
    expect(at(1482).conditionHolds).toBe(false);
    // The dimension enters the log: d = 10 needs 23 ln(1e8) = 423.68, so N = 1483 fails.
    expect(binomialMechanismEpsilon({ n: 1483, p: 0.5, scale: 1, l1: 1, l2: 1, linf: 1, delta: 1e-6, dimension: 10 }).conditionHolds).toBe(false);
  });

  it('checks the condition N p (1-p) >= 2 linf / s', () => {
    // sigma^2 = 500; 2 * 300 / 1 = 600 > 500 fails; with s = 2: 300 <= 500 holds again.
    const base = { n: 2000, p: 0.5, l1: 300, l2: 300, linf: 300, delta: 1e-6, dimension: 1 };
    expect(binomialMechanismEpsilon({ ...base, scale: 1 }).conditionHolds).toBe(false);
    expect(binomialMechanismEpsilon({ ...base, scale: 2 }).varianceNeeded).toBeCloseTo(370.716, 3);
    expect(binomialMechanismEpsilon({ ...base, scale: 2 }).conditionHolds).toBe(true);
  });

  it('depends on the sensitivities only through sensitivity / scale', () => {
    const one = binomialMechanismEpsilon({ n: 4096, p: 0.5, scale: 1, l1: 1, l2: 1, linf: 1, delta: 1e-8, dimension: 1 });
    const scaled = binomialMechanismEpsilon({ n: 4096, p: 0.5, scale: 250, l1: 250, l2: 250, linf: 250, delta: 1e-8, dimension: 1 });
    expect(scaled.epsilon).toBeCloseTo(one.epsilon, 12);
    const doubled = binomialMechanismEpsilon({ n: 4096, p: 0.5, scale: 1, l1: 2, l2: 2, linf: 2, delta: 1e-8, dimension: 1 });
    expect(doubled.epsilon).toBeCloseTo(2 * one.epsilon, 12);
  });

  it('uses each sensitivity in its own terms', () => {
    // Only l1 (term 2, times b_p = 1/3): (1/3) / 500 / (1 - 1e-7) = 0.000666667
    const onlyL1 = binomialMechanismEpsilon({ n: 2000, p: 0.5, scale: 1, l1: 1, l2: 0, linf: 0, delta: 1e-6, dimension: 1 });
    expect(onlyL1.epsilon).toBeCloseTo(1 / 3 / 500, 9);
    // Only l2: term 1 + the c_p part of term 2 = 0.236970 + 9.935963 / 500 = 0.256842
    const onlyL2 = binomialMechanismEpsilon({ n: 2000, p: 0.5, scale: 1, l1: 0, l2: 1, linf: 0, delta: 1e-6, dimension: 1 });
    expect(onlyL2.epsilon).toBeCloseTo(0.256842, 5);
    // Only linf: term 3 = 0.380005
    const onlyLinf = binomialMechanismEpsilon({ n: 2000, p: 0.5, scale: 1, l1: 0, l2: 0, linf: 1, delta: 1e-6, dimension: 1 });
    expect(onlyLinf.epsilon).toBeCloseTo(0.380005, 5);
  });

  it('shrinks as N grows and as delta grows', () => {
    const at = (n: number, delta: number) => binomialMechanismEpsilon({ n, p: 0.5, scale: 1, l1: 1, l2: 1, linf: 1, delta, dimension: 1 }).epsilon;
    expect(at(4000, 1e-6)).toBeLessThan(at(2000, 1e-6));
    expect(at(2000, 1e-5)).toBeLessThan(at(2000, 1e-6));
  });

  it('refuses parameters outside the theorem', () => {
    const base = { n: 2000, p: 0.5, scale: 1, l1: 1, l2: 1, linf: 1, delta: 1e-6, dimension: 1 };
    expect(() => binomialMechanismEpsilon({ ...base, n: 0 })).toThrow(RangeError);
    expect(() => binomialMechanismEpsilon({ ...base, n: 1.5 })).toThrow(/n must be a positive whole number/);
    expect(() => binomialMechanismEpsilon({ ...base, p: 1 })).toThrow(/p must be in \(0, 1\)/);
    expect(() => binomialMechanismEpsilon({ ...base, delta: 0 })).toThrow(/delta must be in \(0, 1\)/);
    expect(() => binomialMechanismEpsilon({ ...base, scale: 0 })).toThrow(/scale must be positive/);
    expect(() => binomialMechanismEpsilon({ ...base, l2: -1 })).toThrow(/l2 must be a non-negative number/);
    expect(() => binomialMechanismEpsilon({ ...base, dimension: 0 })).toThrow(/dimension/);
  });
});
