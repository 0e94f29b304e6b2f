import {
  createBigintPoseidon,
  createCircomlibjsPoseidon,
  createWasmPoseidon,
  POSEIDON_MAX_INPUTS,
  type PoseidonHasher,
} from '../../pipeline/commitments/poseidon/index.js';
import { createHasherRsPoseidon, HASHER_RS_MAX_INPUTS } from './hasher-rs-poseidon.js';
import { createIden3Poseidon } from './iden3-poseidon.js';
import { createNoblePoseidon } from './noble-poseidon.js';
import { createPoseidonLitePoseidon } from './poseidon-lite-poseidon.js';

/** One circomlib-compatible Poseidon implementation to cross-check and benchmark. */
export interface PoseidonCandidate {
  name: string;
  /** Inputs it supports: 1..maxInputs. */
  maxInputs: number;
  create(): Promise<PoseidonHasher>;
}

/** Every implementation measured; the first is the reference (circomlibjs). */
export const POSEIDON_CANDIDATES: readonly PoseidonCandidate[] = [
  { name: 'circomlibjs', maxInputs: POSEIDON_MAX_INPUTS, create: createCircomlibjsPoseidon },
  { name: 'circomlibjs wasm, direct', maxInputs: POSEIDON_MAX_INPUTS, create: createWasmPoseidon },
  { name: 'own BigInt (optimized)', maxInputs: POSEIDON_MAX_INPUTS, create: async () => createBigintPoseidon() },
  { name: 'poseidon-lite', maxInputs: POSEIDON_MAX_INPUTS, create: async () => createPoseidonLitePoseidon() },
  { name: '@iden3/js-crypto', maxInputs: POSEIDON_MAX_INPUTS, create: async () => createIden3Poseidon() },
  { name: '@lightprotocol/hasher.rs', maxInputs: HASHER_RS_MAX_INPUTS, create: createHasherRsPoseidon },
  { name: '@noble/curves', maxInputs: POSEIDON_MAX_INPUTS, create: async () => createNoblePoseidon() },
];
