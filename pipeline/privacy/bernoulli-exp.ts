import { bernoulliRatio, bernoulliRatioBig, SAFE } from './bernoulli.js';
import type { RandomSource } from './random-source.js';

/**
 * Exact Bernoulli(exp(-gamma)) for a rational gamma = n/d >= 0: Algorithm 1 of C. Canonne,
 * G. Kamath, T. Steinke, "The Discrete Gaussian for Differential Privacy", NeurIPS 2020
 * (arXiv:2004.00010).
 *
 *   gamma in [0, 1]: K = 1; while Bernoulli(gamma / K) is 1, K = K + 1; return 1 if K is odd.
 *     (P[K > k] = gamma^k / k!, so P[K odd] = sum_k (-gamma)^k / k! = exp(-gamma).)
 *   gamma > 1: floor(gamma) coins Bernoulli(exp(-1)), each by the case above, stopping at the
 *     first 0; then Bernoulli(exp(-(gamma - floor(gamma)))); return 1 only if all were 1.
 *
 * Each Bernoulli(gamma / K) is the exact rational coin of bernoulli.ts. Arithmetic stays in
 * doubles while every number involved is a whole number below 2^52 (exact), and moves to
 * BigInt, at the same step, as soon as one is not (d * K growing past 2^52, huge inputs).
 *
 * Timing: the number of coins (random words) drawn is random and depends on gamma: K coins
 * for gamma in [0, 1], and E[K] = sum_k gamma^k / k! = e^gamma (at most e); each exp(-1)
 * factor costs e - 1 words on average (its first coin is certain). It is NOT constant time
 * in gamma; the callers say what their gamma depends on (discrete-laplace.ts, discrete-gaussian.ts).
 */

/** Bernoulli(exp(-1)): the case gamma = 1, whose first coin Bernoulli(1/1) is always 1. */
export function bernoulliExpMinusOne(source: RandomSource): boolean {
  let k = 2;
  while (bernoulliRatio(source, 1, k)) k += 1; // k stays tiny: P[k > j] = 1/j!
  return (k & 1) === 1;
}

/** Bernoulli(exp(-n/d)) for whole numbers 0 <= n <= d, 1 <= d < 2^52 (gamma in [0, 1]; not checked). */
export function bernoulliExpFraction(source: RandomSource, n: number, d: number): boolean {
  if (n === 0) return true;
  for (let k = 1; ; k += 1) {
    const dk = d * k; // exact below 2^53; a product that is not rounds to >= 2^53 > SAFE
    if (dk >= SAFE) return bernoulliExpFractionBig(source, BigInt(n), BigInt(d), BigInt(k));
    if (!bernoulliRatio(source, n, dk)) return (k & 1) === 1;
  }
}

/** The gamma-in-[0, 1] loop in BigInt, from K = k (0 <= n <= d). */
function bernoulliExpFractionBig(source: RandomSource, n: bigint, d: bigint, k: bigint): boolean {
  if (n === 0n) return true;
  for (let K = k; ; K += 1n) {
    if (!bernoulliRatioBig(source, n, d * K)) return (K & 1n) === 1n;
  }
}

/** Bernoulli(exp(-n/d)) for whole numbers n >= 0, 1 <= d, both below 2^52 (not checked). */
function bernoulliExpSmall(source: RandomSource, n: number, d: number): boolean {
  let whole = Math.floor(n / d);
  if (whole * d > n) whole -= 1; // the double quotient may round up to the next whole number
  for (let i = 0; i < whole; i += 1) {
    if (!bernoulliExpMinusOne(source)) return false;
  }
  return bernoulliExpFraction(source, n - whole * d, d);
}

/** Exact Bernoulli(exp(-n/d)) for any bigints n >= 0, d >= 1 (Algorithm 1 of CKS20). */
export function bernoulliExp(source: RandomSource, n: bigint, d: bigint): boolean {
  if (n < 0n || d < 1n) throw new RangeError(`bernoulliExp: need n >= 0 and d >= 1, got ${n}/${d}`);
  if (n < SAFE_BIG && d < SAFE_BIG) return bernoulliExpSmall(source, Number(n), Number(d));
  const whole = n / d;
  for (let i = 0n; i < whole; i += 1n) {
    if (!bernoulliExpMinusOne(source)) return false;
  }
  return bernoulliExpFractionBig(source, n - whole * d, d, 1n);
}

const SAFE_BIG = BigInt(SAFE);
