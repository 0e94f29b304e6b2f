import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { POSEIDON_MAX_INPUTS } from '../../pipeline/commitments/poseidon/index.js';

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

interface RawConstants {
  C: string[][];
  S?: string[][];
  M: string[][][];
  P?: string[][][];
}

const raw = new Map<string, RawConstants>();

/** circomlibjs ships its constants as JSON in src/, which its `exports` map hides: read the file from its folder. */
function readCircomlibjsConstants(file: string): RawConstants {
  let constants = raw.get(file);
  if (constants === undefined) {
    const require = createRequire(import.meta.url);
    // Resolves to <package>/build/main.cjs (the 'require' entry of its exports map).
    const packageRoot = join(dirname(require.resolve('circomlibjs')), '..');
    constants = JSON.parse(readFileSync(join(packageRoot, 'src', file), 'utf8')) as RawConstants;
    raw.set(file, constants);
  }
  return constants;
}

function checkWidth(t: number): void {
  if (!Number.isInteger(t) || t < 2 || t > POSEIDON_MAX_INPUTS + 1) throw new RangeError(`Poseidon width must be 2..${POSEIDON_MAX_INPUTS + 1}, got ${t}`);
}

const toBigInts = (values: readonly string[]): bigint[] => values.map((value) => BigInt(value));

const optimized = new Map<number, OptimizedConstants>();
const plain = new Map<number, PlainConstants>();

/** The optimized constants for width t (inputs + 1), parsed once per process. */
export function optimizedConstants(t: number): OptimizedConstants {
  checkWidth(t);
  let constants = optimized.get(t);
  if (constants === undefined) {
    const file = readCircomlibjsConstants('poseidon_constants_opt.json');
    const at = <T>(list: readonly T[] | undefined): T => {
      const value = list?.[t - 2];
      if (value === undefined) throw new Error(`circomlibjs optimized constants lack width ${t}`);
      return value;
    };
    constants = { C: toBigInts(at(file.C)), S: toBigInts(at(file.S)), M: at(file.M).map(toBigInts), P: at(file.P).map(toBigInts) };
    optimized.set(t, constants);
  }
  return constants;
}

/** The plain (unoptimized) constants for width t (inputs + 1), parsed once per process. */
export function plainConstants(t: number): PlainConstants {
  checkWidth(t);
  let constants = plain.get(t);
  if (constants === undefined) {
    const file = readCircomlibjsConstants('poseidon_constants.json');
    const C = file.C[t - 2];
    const M = file.M[t - 2];
    if (C === undefined || M === undefined) throw new Error(`circomlibjs constants lack width ${t}`);
    constants = { C: toBigInts(C), M: M.map(toBigInts) };
    plain.set(t, constants);
  }
  return constants;
}
