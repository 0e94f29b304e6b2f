import type { PoseidonHasher } from './poseidon-hasher.js';
import { createWasmPoseidon } from './wasm-poseidon.js';

/**
 * The Poseidon implementation the pipeline uses: the fastest one that matches circomlib.
 * Measured in one process on the 2-core machine (bench/poseidon-bench.ts), that is
 * circomlibjs's own WebAssembly kernel called directly (WasmPoseidon): faster than
 * circomlibjs's wrapper, and 2-4x faster than every BigInt implementation (ours included).
 */
export function createPoseidon(): Promise<PoseidonHasher> {
  return createWasmPoseidon();
}
