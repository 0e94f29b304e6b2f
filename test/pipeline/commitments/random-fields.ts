import { BN254_FIELD_MODULUS } from '../../../pipeline/commitments/poseidon/index.js';

/** A seeded generator of field elements (xorshift128+ words), so failures reproduce. */
export function randomFields(seed: number): (count: number) => bigint[] {
  let a = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  let b = BigInt(seed) ^ 0x243f6a8885a308d3n;
  const mask = (1n << 64n) - 1n;
  const word = (): bigint => {
    let x = a & mask;
    const y = b & mask;
    a = y;
    x ^= (x << 23n) & mask;
    b = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (b + y) & mask;
  };
  const field = (): bigint => ((word() << 192n) | (word() << 128n) | (word() << 64n) | word()) % BN254_FIELD_MODULUS;
  return (count) => Array.from({ length: count }, field);
}
