import type { PoseidonHasher } from './poseidon-hasher.js';

/**
 * circomlibjs's Poseidon: the reference every faster implementation is checked against.
 * Imported on first use only: circomlibjs's entry loads the native blake-hash addon, which
 * must not be loaded in a process whose worker threads come and go (see wasm-poseidon.ts).
 */
export async function createCircomlibjsPoseidon(): Promise<PoseidonHasher> {
  const { buildPoseidon } = await import('circomlibjs');
  const poseidon = await buildPoseidon();
  return {
    hash: (inputs) => poseidon.F.toObject(poseidon(inputs as bigint[])) as bigint,
  };
}
