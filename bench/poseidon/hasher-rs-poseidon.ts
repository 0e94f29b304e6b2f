import { WasmFactory } from '@lightprotocol/hasher.rs';
import type { PoseidonHasher } from '../../pipeline/commitments/poseidon/index.js';

/** @lightprotocol/hasher.rs only implements circom's Poseidon up to 12 inputs (width 13). */
export const HASHER_RS_MAX_INPUTS = 12;

/**
 * @lightprotocol/hasher.rs (Rust light-poseidon compiled to WebAssembly, its inlined module
 * loads in Node with no install script): a benchmark candidate. Inputs cross as decimal
 * strings, the only bigint-free form it takes.
 */
export async function createHasherRsPoseidon(): Promise<PoseidonHasher> {
  const warn = console.warn;
  // wasm-bindgen warns about its own deprecated init call on every load; keep the bench output clean.
  console.warn = () => undefined;
  let hasher: Awaited<ReturnType<typeof WasmFactory.loadHasher>>;
  try {
    hasher = await WasmFactory.loadHasher();
  } finally {
    console.warn = warn;
  }
  return {
    hash(inputs) {
      if (inputs.length > HASHER_RS_MAX_INPUTS) throw new RangeError(`hasher.rs takes at most ${HASHER_RS_MAX_INPUTS} inputs`);
      return BigInt(hasher.poseidonHashString(inputs.map(String)));
    },
  };
}
