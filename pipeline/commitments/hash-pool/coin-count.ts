import type { PoseidonHasher } from '../poseidon/index.js';

/** Coins taken from each hash: its low 128 bits (the field's top bits are not uniform). */
export const COINS_PER_HASH = 128;

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

/**
 * The single-threaded definition: C = the number of 1 bits among the first n coins, coin
 * 128 j + i being bit i (least significant first) of Poseidon(beacon, salt, j).
 */
export function countCoinsOne(hasher: PoseidonHasher, beacon: bigint, salt: bigint, n: number): number {
  let ones = 0;
  const hashes = coinHashes(n);
  for (let j = 0; j < hashes; j += 1) {
    const take = Math.min(COINS_PER_HASH, n - COINS_PER_HASH * j);
    let bits = hasher.hash([beacon, salt, BigInt(j)]) & ((1n << BigInt(take)) - 1n);
    while (bits > 0n) {
      ones += popcount32(Number(bits & 0xffffffffn));
      bits >>= 32n;
    }
  }
  return ones;
}
