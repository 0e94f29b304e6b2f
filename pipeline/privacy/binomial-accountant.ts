import { compare, doubleToRational, formatRational, rational, type Rational } from './rational.js';

/**
 * Exact (epsilon, delta) of the binomial score noise, from its privacy profile.
 *
 * The release: each owner's published score is k * max(0, q + C - n/2), with q = floor(score / k)
 * and C ~ Binomial(n, 1/2) (n fair coins). Removing one user-day moves the score by at most
 * Delta, so q moves by a whole shift s in 1..S, S = ceil(Delta / k), either way. The clamp at 0
 * and the factor k are post-processing, so one release is exactly as private as the pair
 * P = law of Z, Q = law of Z + s (Z ~ Binomial(n, 1/2)), in both directions, for every s <= S.
 *
 * Renyi divergences (hence zCDP) are infinite for this pair: P puts mass on 0..s-1, where Q has
 * none. The cpSGD bound (binomial-mechanism.ts) handles that only asymptotically and is loose
 * for small n; here the profile is computed exactly instead, as the hockey-stick divergence
 *
 *     delta_s(eps) = sum over z of max(0, P(z) - e^eps Q(z))        (and P, Q swapped)
 *
 * and delta(eps) = max over s in 1..S and both directions. The mechanism is (eps, delta)-DP
 * exactly when delta(eps) <= delta.
 *
 * Exactness, and the one direction in which it is given up:
 * - P(z) = C(n, z) / 2^n with the row of binomial coefficients computed in BigInt, so every
 *   probability, and every sum of them, is an exact fraction over 2^n.
 * - e^eps is irrational. It is replaced by a rational r <= e^eps (`expLowerBound`: a truncated
 *   Taylor series of every positive term rounded down, relative error below 1e-30). Each term
 *   max(0, P(z) - r Q(z)) is non-increasing in r, so r <= e^eps can only make the computed
 *   delta LARGER than the true delta(eps): every delta reported here is an upper bound of the
 *   true one, and every epsilon reported is one at which the release is certified
 *   (eps, delta)-DP. No floating point is involved in that certificate.
 */

/** Epsilons are reported on this grid, rounded up: 1e-4, i.e. four decimals. */
const EPSILON_GRID_STEPS_PER_UNIT = 10_000;

/**
 * Bits after the binary point of the fixed-point Taylor terms in `expLowerBound`. The error of
 * the rounded-down sum is at most (K + 1) e^eps units of 2^-128 for K terms (see there), so
 * 128 bits keeps the relative error far below the 1e-15 a double could even show.
 */
const EXP_FRACTION_BITS = 128n;

/**
 * e^eps needs about e * eps Taylor terms; past this the loop (and any privacy meaning) is gone.
 * No binomial release needs more: delta(eps) stops moving at eps = ln C(n, S) <= S ln n.
 */
const MAX_EPSILON = 1000;

/**
 * A rational r with r <= e^epsilon, tight to a relative 1e-30 (epsilon >= 0, exact).
 *
 * Why a lower bound: delta(eps) decreases as e^eps grows, so standing in for e^eps with
 * something smaller can only overstate delta, never understate it.
 *
 * How: the Taylor series sum x^k / k! at the exact x = p/q, every term kept in fixed point with
 * 128 fractional bits and rounded DOWN (term_k = floor(term_{k-1} p / (q k))). All terms are
 * positive, so any partial sum of rounded-down terms is below e^x. Once a rounded term is 0 all
 * later ones are too, which is where the loop stops. Each rounding loses under one unit and that
 * loss reaches later terms scaled by x^i / (j+1)...(j+i) <= x^i / i!, so the total shortfall is at
 * most (K + 1) e^x units of 2^-128: relative error (K + 1) 2^-128. The result is also
 * non-decreasing in epsilon (each rounded term is), which bisection on epsilon relies on.
 */
export function expLowerBound(epsilon: Rational): Rational {
  checkEpsilon(epsilon);
  const one = 1n << EXP_FRACTION_BITS;
  let term = one;
  let sum = one;
  for (let k = 1n; ; k += 1n) {
    term = (term * epsilon.num) / (epsilon.den * k);
    if (term === 0n) break;
    sum += term;
  }
  return rational(sum, one);
}

/**
 * The exact delta of one shift s at the ratio r = expEpsilon: max over both directions of
 * sum_z max(0, P(z) - r Q(z)), with P = Binomial(n, 1/2) and Q = P moved up by s.
 * expEpsilon is a value standing for e^eps (so >= 1); pass `expLowerBound(eps)` for a certified
 * upper bound of delta(eps).
 */
export function binomialDeltaAt(n: number, shift: number, expEpsilon: Rational): Rational {
  checkCoins(n);
  checkShift('shift', shift);
  checkExpEpsilon(expEpsilon);
  const row = binomialRow(n);
  return rational(shiftDeltaNumerator(row, shift, expEpsilon), expEpsilon.den << BigInt(n));
}

/**
 * An upper bound of delta(epsilon) of the release: the max over shifts s = 1..maxShift of the
 * exact delta of each shift, at e^epsilon replaced by `expLowerBound(epsilon)` (see the file's
 * comment for why that errs only towards a larger delta).
 */
export function binomialDelta(n: number, maxShift: number, epsilon: Rational): Rational {
  checkCoins(n);
  checkShift('maxShift', maxShift);
  return releaseDelta(binomialRow(n), maxShift, expLowerBound(epsilon));
}

export interface BinomialEpsilonInput {
  /** Coins per release (a positive whole number). */
  n: number;
  /** S = ceil(Delta / k): the largest shift of q one user-day can cause. */
  maxShift: number;
  /** Target delta in (0, 1); a number is taken at its exact binary value. */
  delta: number | Rational;
}

/**
 * The smallest epsilon on the grid of 1e-4 (so rounded UP to four decimals) at which the
 * release is certified (epsilon, delta)-DP, i.e. binomialDelta(n, maxShift, epsilon) <= delta;
 * Infinity when no epsilon works.
 *
 * No epsilon works exactly when delta(infinity) > delta: as e^eps grows, only the mass of P
 * where Q is 0 is left, P(Z < s), largest at s = maxShift. Otherwise delta(eps) reaches that
 * floor by eps = ln C(n, maxShift) (the largest ratio P(z) / Q(z) where Q > 0), so doubling
 * from 1 finds a certified grid point, and bisection then finds the least one: the computed
 * delta is non-increasing in epsilon (expLowerBound is non-decreasing in it).
 *
 * The number returned prints as that grid decimal (String(eps) === "2.69"), whose exact value
 * parseRational reads back; the double itself is also certified (see the end).
 */
export function binomialEpsilon(input: BinomialEpsilonInput): number {
  const { n, maxShift } = input;
  checkCoins(n);
  checkShift('maxShift', maxShift);
  const delta = deltaAsRational(input.delta);
  const row = binomialRow(n);
  if (compare(rational(unreachableMassNumerator(row, maxShift), 1n << BigInt(n)), delta) > 0) return Infinity;

  const certified = (epsilon: Rational) => compare(releaseDelta(row, maxShift, expLowerBound(epsilon)), delta) <= 0;
  const certifiedStep = (step: number) => certified(rational(step, EPSILON_GRID_STEPS_PER_UNIT));
  if (certifiedStep(0)) return 0;
  let failing = 0; // a grid step known not to be certified
  let passing = EPSILON_GRID_STEPS_PER_UNIT; // a candidate, then a step known to be certified
  while (!certifiedStep(passing)) {
    failing = passing;
    passing *= 2;
    if (passing > MAX_EPSILON * EPSILON_GRID_STEPS_PER_UNIT) {
      throw new RangeError(`binomial accountant: no epsilon up to ${MAX_EPSILON} reaches delta (n = ${n}, maxShift = ${maxShift})`);
    }
  }
  while (passing - failing > 1) {
    const middle = Math.floor((failing + passing) / 2);
    if (certifiedStep(middle)) passing = middle;
    else failing = middle;
  }

  // passing / 10^4 is the nearest double to the grid decimal, possibly a hair below it. Should
  // delta cross the target in that hair, the double would claim a slightly-too-small epsilon:
  // the next grid point's double is then surely above the certified decimal.
  const reported = passing / EPSILON_GRID_STEPS_PER_UNIT;
  return certified(doubleToRational(reported)) ? reported : (passing + 1) / EPSILON_GRID_STEPS_PER_UNIT;
}

export interface LeastCoinsInput {
  /** Target epsilon: the reported (grid) epsilon must be at most this. */
  epsilon: number;
  delta: number | Rational;
  maxShift: number;
  /** Largest n considered (coins cost proof size and noise). */
  maxN: number;
}

/**
 * The least even n in [2, maxN] with binomialEpsilon(n, maxShift, delta) <= epsilon, or
 * undefined if there is none. (Even, so that n/2 is a whole number and the noise C - n/2 is an
 * integer centred at 0.)
 *
 * Binary search is valid because the guarantee only improves with n: Z_{n+1} = Z_n + one more
 * coin, independent of Z_n, so the pair (Z_{n+1}, Z_{n+1} + s) is a post-processing of
 * (Z_n, Z_n + s) and its delta at every eps is no larger.
 */
export function leastCoins(input: LeastCoinsInput): number | undefined {
  const { epsilon, delta, maxShift, maxN } = input;
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) {
    throw new RangeError(`binomial accountant: epsilon must be a finite number >= 0, got ${epsilon}`);
  }
  if (!Number.isSafeInteger(maxN) || maxN < 2) throw new RangeError(`binomial accountant: maxN must be a whole number >= 2, got ${maxN}`);
  const meetsTarget = (n: number) => binomialEpsilon({ n, maxShift, delta }) <= epsilon;
  let high = maxN - (maxN % 2);
  if (!meetsTarget(high)) return undefined;
  let low = 0; // an even n known to fail (n = 0 is no noise at all)
  while (high - low > 2) {
    const middle = low + 2 * Math.floor((high - low) / 4);
    if (meetsTarget(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** The standard deviation of the noise k (C - n/2) in score units: k sqrt(n) / 2. */
export function binomialNoiseSd(k: number, n: number): number {
  if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`binomial accountant: k must be a positive number, got ${k}`);
  checkCoins(n);
  return (k * Math.sqrt(n)) / 2;
}

/** C(n, 0..n), exactly: the probabilities of Binomial(n, 1/2) times 2^n. */
function binomialRow(n: number): bigint[] {
  const row: bigint[] = [1n];
  let coefficient = 1n;
  for (let z = 1; z <= n; z += 1) {
    coefficient = (coefficient * BigInt(n - z + 1)) / BigInt(z); // exact: C(n, z-1) (n-z+1) = C(n, z) z
    row.push(coefficient);
  }
  return row;
}

/** delta(eps) of the release at r = expEpsilon: the max over shifts 1..maxShift. */
function releaseDelta(row: readonly bigint[], maxShift: number, expEpsilon: Rational): Rational {
  let largest = 0n;
  for (let shift = 1; shift <= maxShift; shift += 1) {
    const numerator = shiftDeltaNumerator(row, shift, expEpsilon);
    if (numerator > largest) largest = numerator;
  }
  return rational(largest, expEpsilon.den << BigInt(row.length - 1));
}

/**
 * delta of one shift times den(r) 2^n, as a whole number. With r = a/b and P(z) = C(n, z) / 2^n:
 * sum_z max(0, P(z) - r Q(z)) = sum_z max(0, b C(n, z) - a C(n, z - s)) / (b 2^n).
 * Both directions are computed, though the pair is symmetric (z -> n + s - z swaps P and Q), so
 * that the result does not rest on that argument.
 */
function shiftDeltaNumerator(row: readonly bigint[], shift: number, expEpsilon: Rational): bigint {
  const { num: a, den: b } = expEpsilon;
  const n = row.length - 1;
  const coefficient = (z: number) => (z >= 0 && z <= n ? (row[z] as bigint) : 0n);
  let forward = 0n; // P against Q
  let backward = 0n; // Q against P
  for (let z = 0; z <= n + shift; z += 1) {
    const p = coefficient(z);
    const q = coefficient(z - shift);
    const pOverQ = b * p - a * q;
    if (pOverQ > 0n) forward += pOverQ;
    const qOverP = b * q - a * p;
    if (qOverP > 0n) backward += qOverP;
  }
  return forward > backward ? forward : backward;
}

/**
 * delta(infinity) times 2^n: the mass of P where Q = P moved by s is 0, P(Z < s), summed over
 * z < maxShift (the largest shift has the most; the other direction is the same by symmetry).
 */
function unreachableMassNumerator(row: readonly bigint[], maxShift: number): bigint {
  let mass = 0n;
  for (let z = 0; z < maxShift && z < row.length; z += 1) mass += row[z] as bigint;
  return mass;
}

function deltaAsRational(delta: number | Rational): Rational {
  if (typeof delta === 'number') {
    if (!(delta > 0 && delta < 1)) throw new RangeError(`binomial accountant: delta must be in (0, 1), got ${delta}`);
    return doubleToRational(delta);
  }
  if (delta.num <= 0n || delta.num >= delta.den) {
    throw new RangeError(`binomial accountant: delta must be in (0, 1), got ${formatRational(delta)}`);
  }
  return delta;
}

function checkCoins(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`binomial accountant: n must be a positive whole number, got ${n}`);
}

function checkShift(name: string, shift: number): void {
  if (!Number.isSafeInteger(shift) || shift < 1) throw new RangeError(`binomial accountant: ${name} must be a whole number >= 1, got ${shift}`);
}

function checkEpsilon(epsilon: Rational): void {
  if (epsilon.num < 0n) throw new RangeError(`binomial accountant: epsilon must be >= 0, got ${formatRational(epsilon)}`);
  if (compare(epsilon, rational(MAX_EPSILON)) > 0) {
    throw new RangeError(`binomial accountant: epsilon must be at most ${MAX_EPSILON}, got ${formatRational(epsilon)}`);
  }
}

function checkExpEpsilon(expEpsilon: Rational): void {
  if (expEpsilon.num < expEpsilon.den) {
    throw new RangeError(`binomial accountant: e^epsilon must be >= 1 (epsilon >= 0), got ${formatRational(expEpsilon)}`);
  }
}
