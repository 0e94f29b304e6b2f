/**
 * The bit widths the score circuits range-check every number against (`Num2Bits`), so that
 * no comparison or product can wrap around the BN254 field. The formula is refused when a
 * value it allows would not fit (parseFormula), so a valid formula is always provable.
 *
 * Products stay far below the field (about 2^253): pool * noisy < 2^(64+48) and the sum of
 * all noisy scores S < 2^(48+24).
 */

/** Every feature value and every cap (period cap and daily cap). */
export const FEATURE_BITS = 32;

/** Every feature weight. */
export const WEIGHT_BITS = 16;

/** The score and the noisy score: sum of weight * cap plus the largest noise k * n / 2. */
export const SCORE_BITS = 48;

/** The pool of stones of one period. */
export const POOL_BITS = 64;

/** At most 2^24 users per period, so the total S of the noisy scores is below 2^(48+24). */
export const USERS_BITS = 24;

/**
 * At most this many noise coins per user (512 Poseidon hashes of 128 coins): a bound on the
 * prover's work, not a width of its own (the coin count C then fits in 17 bits).
 */
export const MAX_NOISE_COINS = 65_536;

/** Coins taken from one Poseidon output: its low 128 bits. */
export const COINS_PER_HASH = 128;

/** The longest period, in days: a feature summed over the days of a period is at most 31 daily caps. */
export const MAX_PERIOD_DAYS = 31;

/** 2^bits, as a bigint: the exclusive upper bound of a `bits`-bit value. */
export function bitLimit(bits: number): bigint {
  return 1n << BigInt(bits);
}
