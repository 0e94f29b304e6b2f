import { Field } from '@noble/curves/abstract/modular.js';
import { poseidon } from '@noble/curves/abstract/poseidon.js';
import { BN254_FIELD_MODULUS, POSEIDON_MAX_INPUTS, type PoseidonHasher } from '../../pipeline/commitments/poseidon/index.js';
import { plainConstants, POSEIDON_FULL_ROUNDS, POSEIDON_PARTIAL_ROUNDS } from '../../pipeline/commitments/poseidon/poseidon-constants.js';

type Permutation = (state: bigint[]) => bigint[];

/** @noble/curves' generic Poseidon permutation fed circomlib's (unoptimized) constants: a benchmark candidate. */
export function createNoblePoseidon(): PoseidonHasher {
  const Fp = Field(BN254_FIELD_MODULUS);
  const permutations: Permutation[] = [];
  const permutation = (n: number): Permutation => {
    let permute = permutations[n];
    if (permute === undefined) {
      const t = n + 1;
      const { C, M } = plainConstants(t);
      const roundConstants: bigint[][] = [];
      for (let i = 0; i < C.length; i += t) roundConstants.push(C.slice(i, i + t));
      permute = poseidon({
        Fp,
        t,
        roundsFull: POSEIDON_FULL_ROUNDS,
        roundsPartial: POSEIDON_PARTIAL_ROUNDS[t - 2] as number,
        sboxPower: 5,
        mds: M.map((row) => [...row]),
        roundConstants,
      });
      permutations[n] = permute;
    }
    return permute;
  };
  return {
    hash(inputs) {
      if (inputs.length < 1 || inputs.length > POSEIDON_MAX_INPUTS)
        throw new RangeError(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${inputs.length}`);
      return permutation(inputs.length)([0n, ...inputs])[0] as bigint;
    },
  };
}
