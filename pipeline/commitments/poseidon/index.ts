export { BN254_FIELD_MODULUS, POSEIDON_MAX_INPUTS, type PoseidonHasher } from './poseidon-hasher.js';
export { createCircomlibjsPoseidon } from './circomlibjs-poseidon.js';
export { createPoseidon } from './create-poseidon.js';
export { createBigintPoseidon } from './create-bigint-poseidon.js';
export { createWasmPoseidon, WasmPoseidon, SLOT_BYTES, SLOT_WORDS } from './wasm-poseidon.js';
