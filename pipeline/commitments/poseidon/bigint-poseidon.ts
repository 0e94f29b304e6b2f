import { optimizedConstantsOf, POSEIDON_PARTIAL_ROUNDS, type OptimizedConstants, type RawConstants } from './poseidon-constant-tables.js';
import { BN254_FIELD_MODULUS, POSEIDON_MAX_INPUTS, type PoseidonHasher } from './poseidon-hasher.js';

const P = BN254_FIELD_MODULUS;

/**
 * One width of circomlib's optimized Poseidon (circomlibjs's poseidon_opt.js) in plain BigInt:
 * constants precomputed and flattened, matrices transposed to rows, state arrays reused, and
 * reductions deferred where a sum of products stays small (matrix rows, and the sparse
 * partial-round updates, which are reduced once after the partial rounds: measured faster
 * than reducing each round, and faster than Montgomery form, whose reduction costs several
 * BigInt operations where `%` costs one).
 */
function widthHasher(t: number, constants: OptimizedConstants): (inputs: readonly bigint[]) => bigint {
  const { C, S, M, P: Pre } = constants;
  const partialRounds = POSEIDON_PARTIAL_ROUNDS[t - 2] as number;
  const cell = (matrix: readonly (readonly bigint[])[], j: number, i: number): bigint => matrix[j]?.[i] as bigint;
  // Row-major rows of the transposed matrices: output i = sum over j of rows[i * t + j] * state[j].
  const mRows: bigint[] = [];
  const pRows: bigint[] = [];
  for (let i = 0; i < t; i += 1) {
    for (let j = 0; j < t; j += 1) {
      mRows.push(cell(M, j, i));
      pRows.push(cell(Pre, j, i));
    }
  }
  const mFirstColumn: bigint[] = [];
  for (let j = 0; j < t; j += 1) mFirstColumn.push(cell(M, j, 0));
  const c = C as bigint[];
  const s = S as bigint[];
  let state: bigint[] = new Array<bigint>(t).fill(0n);
  let next: bigint[] = new Array<bigint>(t).fill(0n);

  /** S-box on every element, add the round constants at `offset`, multiply by `rows`. */
  const fullRound = (offset: number, rows: bigint[]): void => {
    for (let i = 0; i < t; i += 1) {
      const x = state[i] as bigint;
      const x2 = (x * x) % P;
      state[i] = ((((x2 * x2) % P) * x) % P) + (c[offset + i] as bigint);
    }
    for (let i = 0; i < t; i += 1) {
      let sum = 0n;
      const row = i * t;
      for (let j = 0; j < t; j += 1) sum += (rows[row + j] as bigint) * (state[j] as bigint);
      next[i] = sum % P;
    }
    const swap = state;
    state = next;
    next = swap;
  };

  return (inputs) => {
    state[0] = c[0] as bigint;
    for (let i = 1; i < t; i += 1) state[i] = (inputs[i - 1] as bigint) + (c[i] as bigint);
    fullRound(t, mRows);
    fullRound(2 * t, mRows);
    fullRound(3 * t, mRows);
    fullRound(4 * t, pRows);
    let constant = 5 * t;
    let sparse = 0;
    let x0 = state[0] as bigint;
    for (let round = 0; round < partialRounds; round += 1) {
      const x2 = (x0 * x0) % P;
      x0 = ((((x2 * x2) % P) * x0) % P) + (c[constant] as bigint);
      constant += 1;
      let s0 = (s[sparse] as bigint) * x0;
      for (let j = 1; j < t; j += 1) s0 += (s[sparse + j] as bigint) * (state[j] as bigint);
      const column = sparse + t - 1;
      // Unreduced: state[k] grows by one < p^2 product per round (below 2^515 after 70 rounds).
      for (let k = 1; k < t; k += 1) state[k] = (state[k] as bigint) + x0 * (s[column + k] as bigint);
      x0 = s0 % P;
      sparse += 2 * t - 1;
    }
    state[0] = x0;
    for (let k = 1; k < t; k += 1) state[k] = (state[k] as bigint) % P;
    fullRound(constant, mRows);
    fullRound(constant + t, mRows);
    fullRound(constant + 2 * t, mRows);
    // Last round: S-box, no constants, and only output 0 of the matrix is needed.
    let out = 0n;
    for (let j = 0; j < t; j += 1) {
      const x = state[j] as bigint;
      const x2 = (x * x) % P;
      out += (mFirstColumn[j] as bigint) * ((((x2 * x2) % P) * x) % P);
    }
    return out % P;
  };
}

/**
 * Our own circomlib-compatible Poseidon in BigInt, from circomlibjs's optimized constants
 * (poseidon_constants_opt.json, given as data so that it runs anywhere, a browser included);
 * each width is prepared on first use.
 */
export function createBigintPoseidonOf(constants: RawConstants): PoseidonHasher {
  const widths: ((inputs: readonly bigint[]) => bigint)[] = [];
  return {
    hash(inputs) {
      const n = inputs.length;
      if (n < 1 || n > POSEIDON_MAX_INPUTS) throw new RangeError(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, got ${n}`);
      for (const input of inputs) if (input < 0n || input >= P) throw new RangeError('Poseidon input outside the BN254 scalar field');
      let width = widths[n];
      if (width === undefined) {
        width = widthHasher(n + 1, optimizedConstantsOf(constants, n + 1));
        widths[n] = width;
      }
      return width(inputs);
    },
  };
}
