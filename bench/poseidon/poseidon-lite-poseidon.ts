import * as poseidonLite from 'poseidon-lite';
import { POSEIDON_MAX_INPUTS, type PoseidonHasher } from '../../pipeline/commitments/poseidon/index.js';

type LiteHash = (inputs: bigint[]) => bigint;

/** poseidon-lite (pure BigInt, unoptimized constants): a benchmark candidate. */
export function createPoseidonLitePoseidon(): PoseidonHasher {
  const byArity: LiteHash[] = [];
  const functions = poseidonLite as unknown as Record<string, LiteHash | undefined>;
  for (let n = 1; n <= POSEIDON_MAX_INPUTS; n += 1) {
    const hash = functions[`poseidon${n}`];
    if (hash === undefined) throw new Error(`poseidon-lite has no poseidon${n}`);
    byArity[n] = hash;
  }
  return {
    hash(inputs) {
      const hash = byArity[inputs.length];
      if (hash === undefined) throw new RangeError(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${inputs.length}`);
      return hash(inputs as bigint[]);
    },
  };
}
