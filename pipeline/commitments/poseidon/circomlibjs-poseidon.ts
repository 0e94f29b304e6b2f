import { buildPoseidon } from 'circomlibjs';
import type { PoseidonHasher } from './poseidon-hasher.js';

/** circomlibjs's Poseidon: the reference every faster implementation is checked against. */
export async function createCircomlibjsPoseidon(): Promise<PoseidonHasher> {
  const poseidon = await buildPoseidon();
  return {
    hash: (inputs) => poseidon.F.toObject(poseidon(inputs as bigint[])) as bigint,
  };
}
