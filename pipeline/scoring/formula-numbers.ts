import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { FEATURE_NAMES } from './feature-names.js';
import type { Formula } from './formula.js';

/** Numbers absorbed per Poseidon call of the chain: 15 plus the running hash = 16 inputs. */
const FORMULA_HASH_CHUNK = 15;

/**
 * The formula as the circuits take it, in canonical order: version, pool, then for each
 * feature in FEATURE_NAMES order its weight, cap and daily_cap, then noise k, noise n and
 * batch_size (26 numbers). `delta`, `id` and `privacy_unit` are not circuit numbers: they are
 * bound by the SHA-256 of the canonical JSON.
 */
export function formulaNumbers(formula: Formula): bigint[] {
  const numbers: bigint[] = [BigInt(formula.version), formula.pool];
  for (const name of FEATURE_NAMES) {
    const { weight, cap, daily_cap } = formula.features[name];
    numbers.push(BigInt(weight), BigInt(cap), BigInt(daily_cap));
  }
  numbers.push(BigInt(formula.noise.k), BigInt(formula.noise.n), BigInt(formula.batch_size));
  return numbers;
}

/** Poseidon commitment to the formula's numbers: poseidonChainHash(hasher, formulaNumbers(formula)). */
export function formulaPoseidonHash(hasher: PoseidonHasher, formula: Formula): bigint {
  return poseidonChainHash(hasher, formulaNumbers(formula));
}

/**
 * h = 0; for each chunk of (up to) 15 numbers, in order: h = Poseidon([h, ...chunk]).
 * The circuits recompute this: 26 numbers cost one 16-input and one 12-input Poseidon.
 */
export function poseidonChainHash(hasher: PoseidonHasher, numbers: readonly bigint[]): bigint {
  let h = 0n;
  for (let start = 0; start < numbers.length; start += FORMULA_HASH_CHUNK) {
    h = hasher.hash([h, ...numbers.slice(start, start + FORMULA_HASH_CHUNK)]);
  }
  return h;
}
