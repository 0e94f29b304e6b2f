import { beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { POSEIDON_CANDIDATES } from '../../../bench/poseidon/index.js';
import { randomFields } from '../../pipeline/commitments/random-fields.js';

// Every implementation `npm run bench -- poseidon` measures must give circomlibjs's answers.
// (The product's own Poseidon is checked in test/pipeline/commitments/create-poseidon.test.ts.)

let reference: PoseidonHasher;
const random = randomFields(7);
const SAMPLES_PER_ARITY = 6;
const EDGE = [0n, 1n, BN254_FIELD_MODULUS - 1n];

beforeAll(async () => {
  reference = await createCircomlibjsPoseidon();
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
