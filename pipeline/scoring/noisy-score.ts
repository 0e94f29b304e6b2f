import type { Formula } from './parse-formula.js';

/**
 * The published noisy score: max(0, score + k * (C - n/2)), C the coin count of the user
 * (coinCount). The noise k * (C - n/2) is centred binomial: mean 0, variance k^2 n / 4; the
 * clamp at 0 is post-processing (it costs no privacy, but lifts the mean of low scores).
 */
export function noisyScore(formula: Formula, score: bigint, coins: number): bigint {
  const { k, n } = formula.noise;
  if (score < 0n) throw new Error(`noisyScore: score must not be negative, got ${score}`);
  if (!Number.isSafeInteger(coins) || coins < 0 || coins > n) throw new Error(`noisyScore: coins must be a whole number from 0 to ${n}, got ${coins}`);
  const noisy = score + BigInt(k) * (BigInt(coins) - BigInt(n / 2));
  return noisy > 0n ? noisy : 0n;
}
