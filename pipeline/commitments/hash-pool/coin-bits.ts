/**
 * Coins from one Poseidon output: at most its low 128 bits. The output is uniform over the
 * BN254 field (about 2^253.6), so its low 128 bits are within 2^-125 of uniform, while taking
 * more of them is measurably biased.
 */
export const COINS_PER_HASH = 128;

/** A coin count n a single hash can give: a whole number from 0 to 128. */
export function checkCoinCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > COINS_PER_HASH) throw new RangeError(`coin count must be a whole number from 0 to ${COINS_PER_HASH}, got ${n}`);
}

/** The number of 1 bits in a 32-bit word. */
export function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
