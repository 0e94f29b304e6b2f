import { beforeAll, describe, expect, it } from 'vitest';
import {
  BN254_FIELD_MODULUS,
  createCircomlibjsPoseidon,
  createPoseidon,
  POSEIDON_MAX_INPUTS,
  type PoseidonHasher,
} from '../../../pipeline/commitments/poseidon/index.js';
import { randomFields } from './random-fields.js';

// The product's Poseidon against the circomlibjs reference. The other implementations the
// benchmark compares are checked in test/bench/poseidon/poseidon-implementations.test.ts.

let reference: PoseidonHasher;
const random = randomFields(7);

beforeAll(async () => {
  reference = await createCircomlibjsPoseidon();
});

describe('the circomlibjs reference', () => {
  it("gives circomlib's published Poseidon([1, 2])", () => {
    expect(reference.hash([1n, 2n])).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an);
  });
});

describe('createPoseidon', () => {
  it('returns a circomlib-compatible hasher that rejects bad input', async () => {
    const hasher = await createPoseidon();
    for (let n = 1; n <= POSEIDON_MAX_INPUTS; n += 1) {
      const inputs = random(n);
      expect(hasher.hash(inputs)).toBe(reference.hash(inputs));
    }
    expect(() => hasher.hash([])).toThrow(RangeError);
    expect(() => hasher.hash(random(17))).toThrow(RangeError);
    expect(() => hasher.hash([BN254_FIELD_MODULUS])).toThrow(RangeError);
    expect(() => hasher.hash([-1n])).toThrow(RangeError);
  });
});
