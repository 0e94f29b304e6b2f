// Poseidon's constants as data: parsing only, no file access, so that the browser-safe verifier can use them.
import { POSEIDON_MAX_INPUTS } from './poseidon-hasher.js';

/** Partial rounds of circomlib's Poseidon for t = 2 .. 17 (index t - 2); every width has 8 full rounds. */
export const POSEIDON_PARTIAL_ROUNDS: readonly number[] = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
export const POSEIDON_FULL_ROUNDS = 8;

/** circomlib's optimized constants for one width t (neptune's sparse-matrix form, as in circomlibjs's poseidon_opt.js). */
export interface OptimizedConstants {
  /** Round constants: t for the first full round, t per full round, 1 per partial round. */
  readonly C: readonly bigint[];
  /** Sparse partial-round matrices, (2t - 1) per partial round. */
  readonly S: readonly bigint[];
  /** The MDS matrix, M[j][i] multiplies state j into output i. */
  readonly M: readonly (readonly bigint[])[];
  /** The pre-sparse matrix applied after the last first-half full round. */
  readonly P: readonly (readonly bigint[])[];
}

/** circomlib's unoptimized constants for one width t (what poseidon-lite and circomlib's circuits use). */
export interface PlainConstants {
  /** (8 + partial rounds) * t round constants. */
  readonly C: readonly bigint[];
  /** The MDS matrix: output i = sum over j of M[i][j] * state j. */
  readonly M: readonly (readonly bigint[])[];
}

/** circomlibjs's constants files as JSON (src/poseidon_constants*.json): decimal or hex strings per width t - 2. */
export interface RawConstants {
  C: string[][];
  S?: string[][];
  M: string[][][];
  P?: string[][][];
}

function checkWidth(t: number): void {
  if (!Number.isInteger(t) || t < 2 || t > POSEIDON_MAX_INPUTS + 1) throw new RangeError(`Poseidon width must be 2..${POSEIDON_MAX_INPUTS + 1}, got ${t}`);
}

const toBigInts = (values: readonly string[]): bigint[] => values.map((value) => BigInt(value));

/** The optimized constants of width t (inputs + 1) from circomlibjs's poseidon_constants_opt.json. */
export function optimizedConstantsOf(file: RawConstants, t: number): OptimizedConstants {
  checkWidth(t);
  const at = <T>(list: readonly T[] | undefined): T => {
    const value = list?.[t - 2];
    if (value === undefined) throw new Error(`circomlibjs optimized constants lack width ${t}`);
    return value;
  };
  return { C: toBigInts(at(file.C)), S: toBigInts(at(file.S)), M: at(file.M).map(toBigInts), P: at(file.P).map(toBigInts) };
}

/** The plain constants of width t (inputs + 1) from circomlibjs's poseidon_constants.json. */
export function plainConstantsOf(file: RawConstants, t: number): PlainConstants {
  checkWidth(t);
  const C = file.C[t - 2];
  const M = file.M[t - 2];
  if (C === undefined || M === undefined) throw new Error(`circomlibjs constants lack width ${t}`);
  return { C: toBigInts(C), M: M.map(toBigInts) };
}
