import type { Formula } from './formula.js';
import { quantiseScore } from './quantised-score.js';

/**
 * The published noisy score: k * max(0, q + C - n/2), with q = floor(score / k) and C the
 * owner's coin count (coinCount). It is always a multiple of k. The noise C - n/2 is centred
 * binomial in lattice steps (mean 0, variance n / 4, so k * sqrt(n) / 2 in score units); the
 * clamp at 0 is post-processing (it costs no privacy, but lifts the mean of low scores).
 */
export function noisyScore(formula: Formula, score: bigint, coins: number): bigint {
  const { k, n } = formula.noise;
  if (!Number.isSafeInteger(coins) || coins < 0 || coins > n) throw new Error(`noisyScore: coins must be a whole number from 0 to ${n}, got ${coins}`);
  const { quotient } = quantiseScore(score, k);
  const index = quotient + BigInt(coins) - BigInt(n / 2);
  return index > 0n ? BigInt(k) * index : 0n;
}
