import { BN254_FIELD_MODULUS, type PoseidonHasher } from '../commitments/poseidon/index.js';
import { popcount32 } from '../commitments/hash-pool/coin-count.js';
import { COINS_PER_HASH, MAX_NOISE_COINS } from './circuit-bit-widths.js';

const LOW_128 = (1n << 128n) - 1n;

/**
 * The verifiable coins of one user: coin 128*j + i is bit i (least significant first) of the
 * low 128 bits of Poseidon([beacon, salt, j]), j = 0, 1, ...; returns C, the number of ones
 * among the first n coins (the last hash gives only its low n - 128*j bits). The beacon is
 * public and fixed after the data root; the salt is the user's committed secret, so nobody
 * could choose the coins, and anyone holding the salt can recompute them. No unseeded or
 * non-cryptographic generator is involved.
 */
export function coinCount(hasher: PoseidonHasher, beacon: bigint, salt: bigint, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_NOISE_COINS) throw new Error(`coinCount: n must be a whole number from 0 to ${MAX_NOISE_COINS}, got ${n}`);
  checkField('beacon', beacon);
  checkField('salt', salt);
  let ones = 0;
  for (let j = 0; j * COINS_PER_HASH < n; j++) {
    const coins = Math.min(COINS_PER_HASH, n - j * COINS_PER_HASH);
    const bits = hasher.hash([beacon, salt, BigInt(j)]) & (coins === COINS_PER_HASH ? LOW_128 : (1n << BigInt(coins)) - 1n);
    ones += popcount128(bits);
  }
  return ones;
}

function checkField(name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value >= BN254_FIELD_MODULUS) {
    throw new Error(`coinCount: ${name} must be a field element in [0, BN254_FIELD_MODULUS), got ${String(value)}`);
  }
}

/** Ones in a value below 2^128, four 32-bit words at a time. */
function popcount128(value: bigint): number {
  let ones = 0;
  for (let shift = 0n; shift < 128n; shift += 32n) {
    ones += popcount32(Number((value >> shift) & 0xffffffffn));
  }
  return ones;
}
