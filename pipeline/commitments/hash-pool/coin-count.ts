import { COINS_PER_HASH } from '../../scoring/circuit-bit-widths.js';

export { COINS_PER_HASH };

/** How many hashes n coins take: ceil(n / 128). */
export function coinHashes(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`coin count must be a non-negative integer, got ${n}`);
  return Math.ceil(n / COINS_PER_HASH);
}

/** The number of 1 bits in a 32-bit word. */
export function popcount32(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
