import { BN254_FIELD_MODULUS, type PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { checkCoinCount, popcount32 } from '../commitments/hash-pool/coin-bits.js';
import { COINS_PER_HASH } from './circuit-bit-widths.js';

const LOW_MASK = (1n << BigInt(COINS_PER_HASH)) - 1n;

/**
 * floor(p / 2^128) for the BN254 field p. The circuit takes the coins from the canonical
 * representative h < p by checking high < P_HIGH, which also refuses the outputs in
 * [P_HIGH * 2^128, p): a 2^-128 share of them, for which no proof could be made.
 */
export const COIN_HASH_HIGH_LIMIT = BN254_FIELD_MODULUS >> BigInt(COINS_PER_HASH);

/** The two halves of the coin hash the circuit takes as input: h = low + 2^128 * high. */
export interface CoinHashSplit {
  hash: bigint;
  low: bigint;
  high: bigint;
}

/**
 * The coin hash of one owner, Poseidon([beacon, salt]). The beacon is public and fixed after
 * the data root; the salt is the owner's committed secret, so nobody could choose the coins,
 * and anyone holding the salt can recompute them.
 */
export function coinHash(hasher: PoseidonHasher, beacon: bigint, salt: bigint): bigint {
  checkField('beacon', beacon);
  checkField('salt', salt);
  return hasher.hash([beacon, salt]);
}

/** h = low + 2^128 * high, and the check the circuit makes of it (see COIN_HASH_HIGH_LIMIT). */
export function splitCoinHash(hash: bigint): CoinHashSplit {
  const split = { hash, low: hash & LOW_MASK, high: hash >> BigInt(COINS_PER_HASH) };
  if (split.high >= COIN_HASH_HIGH_LIMIT) {
    throw new Error(`coin hash ${hash.toString(16)} is in the top 2^-128 of the field, which the circuit refuses: no proof can be made for it`);
  }
  return split;
}

/**
 * C, the number of ones among the first n coins of one owner: coin i is bit i (least
 * significant first) of Poseidon([beacon, salt]), n <= 128, so one hash per owner. No unseeded
 * or non-cryptographic generator is involved.
 */
export function coinCount(hasher: PoseidonHasher, beacon: bigint, salt: bigint, n: number): number {
  checkCoinCount(n);
  const bits = coinHash(hasher, beacon, salt) & ((1n << BigInt(n)) - 1n);
  let ones = 0;
  for (let shift = 0n; shift < BigInt(n); shift += 32n) ones += popcount32(Number((bits >> shift) & 0xffffffffn));
  return ones;
}

function checkField(name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value >= BN254_FIELD_MODULUS) {
    throw new Error(`coinCount: ${name} must be a field element in [0, BN254_FIELD_MODULUS), got ${String(value)}`);
  }
}
