import { createBigintPoseidonOf } from './bigint-poseidon.js';
import { readCircomlibjsConstants } from './poseidon-constants.js';
import type { PoseidonHasher } from './poseidon-hasher.js';

/** The BigInt Poseidon with the constants read from the installed circomlibjs (Node). */
export function createBigintPoseidon(): PoseidonHasher {
  return createBigintPoseidonOf(readCircomlibjsConstants('poseidon_constants_opt.json'));
}
