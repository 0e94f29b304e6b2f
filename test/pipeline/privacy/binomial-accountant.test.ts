import { describe, expect, it } from 'vitest';
import {
  addRational,
  binomialDelta,
  binomialDeltaAt,
  binomialEpsilon,
  binomialNoiseSd,
  compareRational,
  divideRational,
  doubleToRational,
  expLowerBound,
  leastCoins,
  multiplyRational,
  parseRational,
  rational,
  subtractRational,
  type Rational,
} from '../../../pipeline/privacy/index.js';

// The published figures: delta = 1e-8, one user-day moves a score by at most Delta = 318, and
// q = floor(score / k) then moves by at most S = ceil(Delta / k).
const PUBLISHED_DELTA = 1e-8;
const PUBLISHED_SENSITIVITY = 318;

/**
 * sup over sets E of P(E) - r Q(E), both directions, found the slow way: P and Q tallied over
 * all 2^n coin vectors (no binomial coefficients), then every subset of the union of their
 * supports 0..n+s tried. Counts are over 2^n and r = a/b, so every subset's value is the whole
 * number sum_E (b countP - a countQ) over b 2^n, exact in doubles at these sizes.
 */
function bruteForceDelta(n: number, shift: number, r: Rational): Rational {
  const points = n + shift + 1;
  const countP: number[] = new Array<number>(points).fill(0);
  const countQ: number[] = new Array<number>(points).fill(0);
  for (let coins = 0; coins < 2 ** n; coins += 1) {
    let heads = 0;
    for (let bit = 0; bit < n; bit += 1) heads += (coins >> bit) & 1;
    countP[heads] = (countP[heads] as number) + 1;
    countQ[heads + shift] = (countQ[heads + shift] as number) + 1;
  }
  const a = Number(r.num);
  const b = Number(r.den);
  const bestOverSubsets = (first: number[], second: number[]): number => {
    const weight = first.map((count, z) => b * count - a * (second[z] as number));
    const subsetValue = new Array<number>(2 ** points).fill(0);
    let best = 0; // the empty set
    for (let subset = 1; subset < 2 ** points; subset += 1) {
      const lowest = 31 - Math.clz32(subset & -subset);
      subsetValue[subset] = (subsetValue[subset & (subset - 1)] as number) + (weight[lowest] as number);
      best = Math.max(best, subsetValue[subset] as number);
    }
    return best;
  };
  const best = Math.max(bestOverSubsets(countP, countQ), bestOverSubsets(countQ, countP));
  return rational(BigInt(best), r.den << BigInt(n));
}

/**
 * An exact rational >= e^x for 0 <= x < 60: the Taylor sum up to x^60 / 60! plus a bound of the
 * rest, t_61 (1 + x/62 + (x/62)^2 + ...) = t_61 / (1 - x/62).
 */
function expUpperBound(x: Rational): Rational {
  const terms = 60;
  let term = rational(1);
  let sum = rational(1);
  for (let k = 1; k <= terms; k += 1) {
    term = divideRational(multiplyRational(term, x), rational(k));
    sum = addRational(sum, term);
  }
  const nextTerm = divideRational(multiplyRational(term, x), rational(terms + 1));
  const ratio = divideRational(x, rational(terms + 2));
  return addRational(sum, divideRational(nextTerm, subtractRational(rational(1), ratio)));
}

function maxDeltaAt(n: number, maxShift: number, expEpsilon: Rational): Rational {
  let largest = rational(0);
  for (let shift = 1; shift <= maxShift; shift += 1) {
    const delta = binomialDeltaAt(n, shift, expEpsilon);
    if (compareRational(delta, largest) > 0) largest = delta;
  }
  return largest;
}

/** The grid step (1e-4) that a reported epsilon stands for. */
function gridRational(steps: number): Rational {
  return rational(steps, 10_000);
}

describe('binomialDeltaAt', () => {
  it('equals the brute-force sup over all sets E of P(E) - r Q(E), exactly, for n <= 10 and shifts 1..3', () => {
    const ratios = [rational(1), rational(3, 2), rational(7), rational(20)];
    for (let n = 1; n <= 10; n += 1) {
      for (let shift = 1; shift <= 3; shift += 1) {
        for (const r of ratios) {
          expect(binomialDeltaAt(n, shift, r), `n = ${n}, s = ${shift}, r = ${r.num}/${r.den}`).toEqual(bruteForceDelta(n, shift, r));
        }
      }
    }
  });

  it('is the total variation distance at r = 1 and the unreachable mass P(Z < s) once r >= C(n, s)', () => {
    // n = 2, s = 1: P = (1, 2, 1, 0)/4, Q = (0, 1, 2, 1)/4; TV = (1 + 1 + 1 + 1)/(2 * 4) = 1/2.
    expect(binomialDeltaAt(2, 1, rational(1))).toEqual(rational(1, 2));
    // n = 4, s = 1: P = (1, 4, 6, 4, 1, 0)/16, Q = (0, 1, 4, 6, 4, 1)/16; TV = (1 + 3 + 2 + 2 + 3 + 1)/32 = 3/8.
    expect(binomialDeltaAt(4, 1, rational(1))).toEqual(rational(3, 8));
    // n = 10, s = 2: P(Z < 2) = (1 + 10)/1024; the largest ratio P(z)/Q(z) is C(10, 2) = 45.
    expect(binomialDeltaAt(10, 2, rational(45))).toEqual(rational(11, 1024));
    expect(binomialDeltaAt(10, 2, rational(10_000))).toEqual(rational(11, 1024));
    expect(compareRational(binomialDeltaAt(10, 2, rational(44)), rational(11, 1024))).toBeGreaterThan(0);
  });

  it('is 1 when the shift moves Q off the support of P', () => {
    expect(binomialDeltaAt(3, 4, rational(1000))).toEqual(rational(1));
  });
});

describe('expLowerBound', () => {
  it('is exactly 1 at epsilon = 0', () => {
    expect(expLowerBound(rational(0))).toEqual(rational(1));
  });

  it('never exceeds an exact upper bound of e^eps, and is within 1e-15 of it', () => {
    for (const text of ['0.1', '0.5', '1', '2.69', '5', '1/3', '12.3456']) {
      const epsilon = parseRational(text);
      const lower = expLowerBound(epsilon);
      const upper = expUpperBound(epsilon);
      expect(compareRational(lower, upper), text).toBeLessThanOrEqual(0);
      const slack = multiplyRational(upper, subtractRational(rational(1), rational(1, 10n ** 15n)));
      expect(compareRational(lower, slack), text).toBeGreaterThan(0);
    }
  });

  it('does not decrease with epsilon (bisection on epsilon relies on it)', () => {
    let previous = expLowerBound(rational(0));
    for (let steps = 1; steps <= 400; steps += 7) {
      const current = expLowerBound(rational(steps, 100));
      expect(compareRational(current, previous)).toBeGreaterThanOrEqual(0);
      previous = current;
    }
  });
});

describe('binomialDelta', () => {
  it('never understates: it is at least the exact delta at an upper bound of e^eps, for every shift', () => {
    // delta_s is non-increasing in r, and lower <= e^eps <= upper, so the exact delta lies in
    // [deltaAt(upper), deltaAt(lower)]; binomialDelta must sit at the top of that interval.
    for (const text of ['0.1', '0.5', '1', '2.69', '5']) {
      const epsilon = parseRational(text);
      const upper = expUpperBound(epsilon);
      for (const [n, maxShift] of [
        [32, 1],
        [74, 2],
        [248, 4],
      ] as const) {
        const reported = binomialDelta(n, maxShift, epsilon);
        expect(reported).toEqual(maxDeltaAt(n, maxShift, expLowerBound(epsilon)));
        for (let shift = 1; shift <= maxShift; shift += 1) {
          expect(compareRational(reported, binomialDeltaAt(n, shift, upper)), `eps ${text}, n ${n}, s ${shift}`).toBeGreaterThanOrEqual(0);
        }
        // ...and overstates by a negligible amount.
        const gap = subtractRational(reported, maxDeltaAt(n, maxShift, upper));
        expect(compareRational(gap, multiplyRational(reported, rational(1, 10n ** 12n)))).toBeLessThanOrEqual(0);
      }
    }
  });

  it('takes the worst shift', () => {
    const epsilon = parseRational('2');
    expect(binomialDelta(40, 3, epsilon)).toEqual(binomialDeltaAt(40, 3, expLowerBound(epsilon)));
    expect(compareRational(binomialDelta(40, 3, epsilon), binomialDelta(40, 2, epsilon))).toBeGreaterThan(0);
  });
});

describe('binomialEpsilon', () => {
  const shiftFor = (k: number) => Math.ceil(PUBLISHED_SENSITIVITY / k);

  it('reproduces the published figures (delta = 1e-8, Delta = 318)', () => {
    // k = 318, n = 32 (S = 1): epsilon 2.69, noise sd 318 sqrt(32) / 2 = 899.
    expect(shiftFor(318)).toBe(1);
    expect(binomialEpsilon({ n: 32, maxShift: shiftFor(318), delta: PUBLISHED_DELTA })).toBeCloseTo(2.69, 2);
    expect(Math.round(binomialNoiseSd(318, 32))).toBe(899);
    // k = 318, n = 118: epsilon at most 1.
    expect(binomialEpsilon({ n: 118, maxShift: shiftFor(318), delta: PUBLISHED_DELTA })).toBeLessThanOrEqual(1);
    // k = 159, n = 74 (S = 2): 2.83.
    expect(shiftFor(159)).toBe(2);
    expect(binomialEpsilon({ n: 74, maxShift: shiftFor(159), delta: PUBLISHED_DELTA })).toBeCloseTo(2.83, 2);
    // k = 100, n = 248 (S = 4): 2.85.
    expect(shiftFor(100)).toBe(4);
    expect(binomialEpsilon({ n: 248, maxShift: shiftFor(100), delta: PUBLISHED_DELTA })).toBeCloseTo(2.85, 2);
  });

  it('reports a certified epsilon, and the grid point below it is not', () => {
    for (const [n, maxShift] of [
      [32, 1],
      [118, 1],
      [74, 2],
      [248, 4],
      [64, 3],
    ] as const) {
      const delta = PUBLISHED_DELTA;
      const reported = binomialEpsilon({ n, maxShift, delta });
      const steps = Math.round(reported * 10_000);
      expect(parseRational(String(reported))).toEqual(gridRational(steps));
      // A delta given as a double is taken at its exact binary value, a hair off 10^-8.
      const exactTarget = doubleToRational(delta);
      expect(compareRational(binomialDelta(n, maxShift, gridRational(steps)), exactTarget), `n ${n}`).toBeLessThanOrEqual(0);
      expect(compareRational(binomialDelta(n, maxShift, gridRational(steps - 1)), exactTarget), `n ${n}`).toBeGreaterThan(0);
    }
  });

  it('takes delta as an exact Rational too', () => {
    const delta = rational(1, 10n ** 8n);
    const reported = binomialEpsilon({ n: 74, maxShift: 2, delta });
    const steps = Math.round(reported * 10_000);
    expect(compareRational(binomialDelta(74, 2, gridRational(steps)), delta)).toBeLessThanOrEqual(0);
    expect(compareRational(binomialDelta(74, 2, gridRational(steps - 1)), delta)).toBeGreaterThan(0);
  });

  it('is Infinity exactly when P(Z < S) exceeds delta', () => {
    // S = 1: P(Z < 1) = 2^-n; 2^-26 = 1.49e-8 > 1e-8 > 2^-27 = 7.45e-9.
    expect(binomialEpsilon({ n: 4, maxShift: 1, delta: PUBLISHED_DELTA })).toBe(Infinity);
    expect(binomialEpsilon({ n: 26, maxShift: 1, delta: PUBLISHED_DELTA })).toBe(Infinity);
    expect(Number.isFinite(binomialEpsilon({ n: 27, maxShift: 1, delta: PUBLISHED_DELTA }))).toBe(true);
    // S = 2: P(Z < 2) = (1 + n) / 2^n: n = 31 gives 32/2^31 = 1.49e-8, n = 32 gives 33/2^32 = 7.7e-9.
    expect(binomialEpsilon({ n: 31, maxShift: 2, delta: PUBLISHED_DELTA })).toBe(Infinity);
    expect(Number.isFinite(binomialEpsilon({ n: 32, maxShift: 2, delta: PUBLISHED_DELTA }))).toBe(true);
    // A shift beyond n: the supports are disjoint.
    expect(binomialEpsilon({ n: 2, maxShift: 3, delta: 0.5 })).toBe(Infinity);
  });

  it('does not increase with n (spot check; adding a coin is post-processing)', () => {
    for (const maxShift of [1, 2]) {
      let previous = Infinity;
      for (let n = 20; n <= 140; n += 6) {
        const epsilon = binomialEpsilon({ n, maxShift, delta: PUBLISHED_DELTA });
        expect(epsilon, `S ${maxShift}, n ${n}`).toBeLessThanOrEqual(previous);
        previous = epsilon;
      }
    }
  });

  it('can be 0 when the two laws are already within delta in total variation', () => {
    // n = 1, s = 1: P = (1/2, 1/2, 0), Q = (0, 1/2, 1/2): TV = 1/2.
    expect(binomialEpsilon({ n: 1, maxShift: 1, delta: 0.5 })).toBe(0);
    expect(binomialEpsilon({ n: 1, maxShift: 1, delta: 0.4999 })).toBe(Infinity);
  });
});

describe('leastCoins', () => {
  it('finds 74 coins for epsilon 2.85 at S = 2, and 72 would not do', () => {
    const target = { epsilon: 2.85, delta: PUBLISHED_DELTA, maxShift: 2 };
    const n = leastCoins({ ...target, maxN: 128 });
    expect(n).toBe(74);
    expect(binomialEpsilon({ n: 74, maxShift: 2, delta: PUBLISHED_DELTA })).toBeLessThanOrEqual(2.85);
    expect(binomialEpsilon({ n: 72, maxShift: 2, delta: PUBLISHED_DELTA })).toBeGreaterThan(2.85);
  });

  it('agrees with a linear scan over even n', () => {
    const target = { epsilon: 2, delta: PUBLISHED_DELTA, maxShift: 1 };
    let scanned: number | undefined;
    for (let n = 2; n <= 100 && scanned === undefined; n += 2) {
      if (binomialEpsilon({ n, maxShift: 1, delta: PUBLISHED_DELTA }) <= 2) scanned = n;
    }
    expect(scanned).toBeDefined();
    expect(leastCoins({ ...target, maxN: 100 })).toBe(scanned);
    expect(leastCoins({ ...target, maxN: 101 })).toBe(scanned);
  });

  it('is undefined when even maxN coins are not enough', () => {
    expect(leastCoins({ epsilon: 2.85, delta: PUBLISHED_DELTA, maxShift: 2, maxN: 72 })).toBeUndefined();
    expect(leastCoins({ epsilon: 1, delta: PUBLISHED_DELTA, maxShift: 1, maxN: 26 })).toBeUndefined();
  });
});

describe('binomialNoiseSd', () => {
  it('is k sqrt(n) / 2', () => {
    expect(binomialNoiseSd(2, 16)).toBe(4);
    expect(binomialNoiseSd(318, 32)).toBeCloseTo(899.44, 2);
  });
});

describe('input validation', () => {
  it('throws RangeError for bad n, shifts, delta, epsilon and e^epsilon', () => {
    const one = rational(1);
    expect(() => binomialDeltaAt(0, 1, one)).toThrow(RangeError);
    expect(() => binomialDeltaAt(2.5, 1, one)).toThrow(/n must be a positive whole number/);
    expect(() => binomialDeltaAt(4, 0, one)).toThrow(/shift must be a whole number >= 1/);
    expect(() => binomialDeltaAt(4, 1, rational(1, 2))).toThrow(/e\^epsilon must be >= 1/);
    expect(() => binomialDelta(4, 1, rational(-1, 10))).toThrow(/epsilon must be >= 0/);
    expect(() => expLowerBound(rational(-1))).toThrow(RangeError);
    expect(() => binomialEpsilon({ n: 32, maxShift: 1, delta: 0 })).toThrow(/delta must be in \(0, 1\)/);
    expect(() => binomialEpsilon({ n: 32, maxShift: 1, delta: 1 })).toThrow(/delta must be in \(0, 1\)/);
    expect(() => binomialEpsilon({ n: 32, maxShift: 1, delta: Number.NaN })).toThrow(RangeError);
    expect(() => binomialEpsilon({ n: 32, maxShift: 1, delta: rational(3, 2) })).toThrow(RangeError);
    expect(() => binomialEpsilon({ n: 32, maxShift: 0, delta: 1e-8 })).toThrow(/maxShift/);
    expect(() => leastCoins({ epsilon: -1, delta: 1e-8, maxShift: 1, maxN: 64 })).toThrow(/epsilon/);
    expect(() => leastCoins({ epsilon: 1, delta: 1e-8, maxShift: 1, maxN: 1 })).toThrow(/maxN/);
    expect(() => binomialNoiseSd(0, 32)).toThrow(/k must be a positive number/);
  });
});
