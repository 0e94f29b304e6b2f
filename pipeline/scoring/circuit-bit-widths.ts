import { COINS_PER_HASH } from '../commitments/hash-pool/coin-bits.js';
/**
 * The bit widths the score circuits range-check every number against (`Num2Bits`), so that
 * no comparison or product can wrap around the BN254 field. The formula is refused when a
 * value it allows would not fit (parseFormula), so a valid formula is always provable.
 * circuits/batch-award.circom repeats these as functions; a test compares the two.
 *
 * Products stay far below the field (about 2^253): pool * noisy < 2^(64+65) and the sum of
 * all noisy scores S < 2^(40+24).
 */

/**
 * Every feature value and every cap. Sixteen bits let seven features share one field element
 * (the data leaf hashes them packed: 112 bits) and keep each comparator small; a month of
 * daily caps must fit (31 * daily_cap < 2^16), and tenure from an enrolment on or after
 * 2000-01-01 fits until 2179.
 */
export const FEATURE_BITS = 16;

/** Every feature weight. */
export const WEIGHT_BITS = 16;

/** The score and the noisy score: sum of weight * cap plus the largest noise k * n / 2. */
export const SCORE_BITS = 40;

/** The lattice step k of the noise (the score is quantised to multiples of k). */
export const K_BITS = 24;

/** The pool of stones of one period. */
export const POOL_BITS = 64;

/** At most 2^24 owners per period, so the total S of the noisy scores is below 2^(40+24). */
export const USERS_BITS = 24;

// Coins taken from one Poseidon output (coin-bits.ts): one hash per owner.
export { COINS_PER_HASH };

/** At most this many noise coins per owner: all of them from one hash. */
export const MAX_NOISE_COINS = COINS_PER_HASH;

/** Draw entries of one owner, and the formula's max_entries (packed beside the features in the data leaf). */
export const ENTRY_BITS = 16;

/** The stones D a draw offers. */
export const DRAW_STONES_BITS = 32;

/** A draw weight entries * noisy is below 2^(16+40); W, their sum over at most 2^24 owners, below 2^80. */
export const DRAW_WEIGHT_BITS = ENTRY_BITS + SCORE_BITS + USERS_BITS;

/** The longest period, in days: a feature summed over the days of a period is at most 31 daily caps. */
export const MAX_PERIOD_DAYS = 31;

/** 2^bits, as a bigint: the exclusive upper bound of a `bits`-bit value. */
export function bitLimit(bits: number): bigint {
  return 1n << BigInt(bits);
}
