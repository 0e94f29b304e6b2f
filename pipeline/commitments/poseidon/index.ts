export { BN254_FIELD_MODULUS, POSEIDON_MAX_INPUTS, type PoseidonHasher } from './poseidon-hasher.js';
export { createCircomlibjsPoseidon } from './circomlibjs-poseidon.js';
export { createPoseidon } from './create-poseidon.js';
export { createBigintPoseidon } from './create-bigint-poseidon.js';
export { createBigintPoseidonOf } from './bigint-poseidon.js';
export { readCircomlibjsConstants } from './poseidon-constants.js';
export type { RawConstants as PoseidonConstantsFile } from './poseidon-constant-tables.js';
export { createWasmPoseidon, WasmPoseidon, SLOT_BYTES, SLOT_WORDS } from './wasm-poseidon.js';
export { POSEIDON_FULL_ROUNDS, POSEIDON_PARTIAL_ROUNDS } from './poseidon-constants.js';
