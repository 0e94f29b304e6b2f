import { beforeAll, describe, expect, it } from 'vitest';
import {
  BN254_FIELD_MODULUS,
  createCircomlibjsPoseidon,
  createPoseidon,
  POSEIDON_MAX_INPUTS,
  type PoseidonHasher,
} from '../../../pipeline/commitments/poseidon/index.js';
import { POSEIDON_CANDIDATES } from '../../../pipeline/commitments/poseidon/poseidon-candidates.js';
import { randomFields } from './random-fields.js';

let reference: PoseidonHasher;
const random = randomFields(7);
const SAMPLES_PER_ARITY = 6;
const EDGE = [0n, 1n, BN254_FIELD_MODULUS - 1n];

beforeAll(async () => {
  reference = await createCircomlibjsPoseidon();
});

describe('the circomlibjs reference', () => {
  it('gives circomlib\'s published Poseidon([1, 2])', () => {
    expect(reference.hash([1n, 2n])).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an);
  });
});

describe.each(POSEIDON_CANDIDATES.map((candidate) => [candidate.name, candidate] as const))('%s', (_name, candidate) => {
  let hasher: PoseidonHasher;
  beforeAll(async () => {
    hasher = await candidate.create();
  });

  it('matches circomlibjs on random and edge inputs for every supported arity', () => {
    for (let n = 1; n <= candidate.maxInputs; n += 1) {
      const cases = [...Array.from({ length: SAMPLES_PER_ARITY }, () => random(n)), ...EDGE.map((value) => Array<bigint>(n).fill(value))];
      for (const inputs of cases) expect(hasher.hash(inputs), `${n} inputs`).toBe(reference.hash(inputs));
    }
  });

  it('gives the same answer when called again (no state leaks between calls)', () => {
    const a = random(3);
    const b = random(9);
    const first = hasher.hash(a);
    hasher.hash(b);
    expect(hasher.hash(a)).toBe(first);
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
