import { bitLimit, POOL_BITS, SCORE_BITS, USERS_BITS } from './circuit-bit-widths.js';

export interface Awards {
  /** S, the sum of the noisy scores. */
  total: bigint;
  /** floor(pool * noisy_i / S), in the order of the noisy scores; all 0 when S = 0. */
  awards: bigint[];
  /** pool - sum(awards): 0 <= remainder < number of users (or the whole pool when S = 0). */
  remainder: bigint;
}

/**
 * Shares the pool out in proportion to the noisy scores, rounding every award down, so that
 * award_i * S <= pool * noisy_i < (award_i + 1) * S, the inequality each batch proof checks.
 * The stones rounded away are the remainder (what happens to it is the award engine's policy).
 */
export function allocateAwards(pool: bigint, noisy: readonly bigint[]): Awards {
  if (pool < 0n || pool >= bitLimit(POOL_BITS)) throw new Error(`allocateAwards: pool must be in [0, 2^${POOL_BITS}), got ${pool}`);
  if (noisy.length > Number(bitLimit(USERS_BITS))) throw new Error(`allocateAwards: at most 2^${USERS_BITS} users per period, got ${noisy.length}`);
  let total = 0n;
  for (const [index, value] of noisy.entries()) {
    if (value < 0n || value >= bitLimit(SCORE_BITS)) throw new Error(`allocateAwards: noisy score ${index} must be in [0, 2^${SCORE_BITS}), got ${value}`);
    total += value;
  }
  if (total === 0n) return { total, awards: noisy.map(() => 0n), remainder: pool };
  let given = 0n;
  const awards = noisy.map((value) => {
    const award = (pool * value) / total;
    given += award;
    return award;
  });
  return { total, awards, remainder: pool - given };
}
