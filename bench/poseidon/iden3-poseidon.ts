import { Poseidon } from '@iden3/js-crypto';
import type { PoseidonHasher } from '../../pipeline/commitments/poseidon/index.js';

/** @iden3/js-crypto's Poseidon (BigInt, optimized constants): a benchmark candidate. */
export function createIden3Poseidon(): PoseidonHasher {
  return { hash: (inputs) => Poseidon.hash(inputs as bigint[]) };
}
