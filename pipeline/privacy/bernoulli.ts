import type { RandomSource } from './random-source.js';

/**
 * Exact Bernoulli(p) for a rational p = n/m in [0, 1].
 *
 * The coin is "U < p" for a uniform real U in [0, 1) whose binary digits are the random words,
 * read lazily: U lies in [w/2^32, (w+1)/2^32) after the first word w, which decides the coin
 * unless p falls inside that interval (then the next word is read, and so on). The digits of p
 * are never needed in full: a double f close to 2^32 p, with a proven bound on its error,
 * decides whenever w is further than that bound from f, and only the remaining case (about one
 * word in 2^31) computes the exact base-2^32 digits of p in BigInt. So the result is exactly
 * Bernoulli(n/m), and it costs one 32-bit word and one division in doubles almost always.
 *
 * Error bounds, with u = 2^-53 the unit roundoff (IEEE 754 rounding to nearest, which
 * ECMAScript requires for + - * / and for Number(bigint)):
 * - whole numbers n <= m below 2^53 are exact doubles, n/m is one rounding, times 2^32 is
 *   exact: |f - 2^32 p| <= 2^32 p u <= 2^-21. MARGIN_EXACT_INPUTS = 2^-20 covers it.
 * - bigint n, m: two conversions and one division, |f - 2^32 p| <= 2^32 (3u + O(u^2)) < 2^-19,
 *   plus at most 2^-800 when huge inputs are shifted down first: MARGIN_BIG_INPUTS = 2^-17.
 */

const TWO_32 = 0x100000000;
const TWO_1000 = 1n << 1000n;
const MARGIN_EXACT_INPUTS = 2 ** -20;
const MARGIN_BIG_INPUTS = 2 ** -17;
/** Whole numbers up to this are exact doubles with room for one more addition or product check. */
export const SAFE = 2 ** 52;

/**
 * Decides "U < p" from U's first word w and a double f within `margin` of 2^32 p:
 * 1 (U < p), 0 (U >= p), or -1 when f cannot decide (then `continueExactly`).
 */
export function decideWord(w: number, f: number, margin: number): 1 | 0 | -1 {
  if (w + 1 <= f - margin) return 1; // (w+1)/2^32 <= p, so U < p
  if (w >= f + margin) return 0; // w/2^32 > p, so U > p
  return -1;
}

/**
 * Finishes "U < n/m" exactly after the first word w of U left it undecided: compares U's
 * base-2^32 digits with those of n/m (0 <= n <= m, m >= 1), reading more words as needed.
 */
export function continueExactly(source: RandomSource, w: number, n: bigint, m: bigint): boolean {
  let remainder = n;
  let word = BigInt(w);
  for (;;) {
    remainder <<= 32n;
    const digit = remainder / m; // 2^32 when n = m: every word is below it
    remainder -= digit * m;
    if (word < digit) return true;
    if (word > digit) return false;
    word = BigInt(source.nextUint32()); // U equals p so far: the next digit decides
  }
}

/** Bernoulli(n/m) for whole numbers 0 <= n <= m, 1 <= m, both below 2^52 (not checked: callers guarantee it). */
export function bernoulliRatio(source: RandomSource, n: number, m: number): boolean {
  if (n >= m) return true;
  if (n <= 0) return false;
  const w = source.nextUint32();
  const decided = decideWord(w, (n / m) * TWO_32, MARGIN_EXACT_INPUTS);
  return decided === -1 ? continueExactly(source, w, BigInt(n), BigInt(m)) : decided === 1;
}

/** Bernoulli(n/m) for bigints 0 <= n <= m, m >= 1. */
export function bernoulliRatioBig(source: RandomSource, n: bigint, m: bigint): boolean {
  if (n >= m) return true;
  if (n <= 0n) return false;
  const w = source.nextUint32();
  const decided = decideWord(w, ratioToDouble(n, m) * TWO_32, MARGIN_BIG_INPUTS);
  return decided === -1 ? continueExactly(source, w, n, m) : decided === 1;
}

/** n/m as a double for 0 <= n <= m, within 3 roundings (and 2^-800 when shifted). */
function ratioToDouble(n: bigint, m: bigint): number {
  if (m < TWO_1000) return Number(n) / Number(m);
  const excess = m.toString(16).length * 4 - 1000;
  const shift = BigInt(excess);
  return Number(n >> shift) / Number(m >> shift);
}

/** Exact Bernoulli(n/m) with argument checks, for callers outside the samplers. */
export function bernoulli(source: RandomSource, n: bigint, m: bigint): boolean {
  if (m < 1n || n < 0n || n > m) throw new RangeError(`bernoulli: need 0 <= n <= m and m >= 1, got ${n}/${m}`);
  return n < BigInt(SAFE) && m < BigInt(SAFE) ? bernoulliRatio(source, Number(n), Number(m)) : bernoulliRatioBig(source, n, m);
}
