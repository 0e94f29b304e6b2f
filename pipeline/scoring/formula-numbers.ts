import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { FEATURE_NAMES } from './feature-names.js';
import type { Formula, FormulaDraw } from './formula.js';

/** Numbers absorbed per Poseidon call of the chain: 15 plus the running hash = 16 inputs. */
const FORMULA_HASH_CHUNK = 15;

/**
 * The formula as the circuits take it, in canonical order: version, pool, then for each
 * feature in FEATURE_NAMES order its weight, cap and daily_cap, then noise k, noise n and
 * batch_size, then the draw's stones, crystals_per_entry and max_entries (all 0 without a
 * draw section): 29 numbers. `delta`, `id` and `privacy_unit` are not circuit numbers: they are
 * bound by the SHA-256 of the canonical JSON.
 */
export function formulaNumbers(formula: Formula): bigint[] {
  const numbers: bigint[] = [BigInt(formula.version), formula.pool];
  for (const name of FEATURE_NAMES) {
    const { weight, cap, daily_cap } = formula.features[name];
    numbers.push(BigInt(weight), BigInt(cap), BigInt(daily_cap));
  }
  numbers.push(BigInt(formula.noise.k), BigInt(formula.noise.n), BigInt(formula.batch_size));
  const draw = formulaDrawOf(formula);
  numbers.push(BigInt(draw.stones), BigInt(draw.crystals_per_entry), BigInt(draw.max_entries));
  return numbers;
}

/** Poseidon commitment to the formula's numbers: poseidonChainHash(hasher, formulaNumbers(formula)). */
export function formulaPoseidonHash(hasher: PoseidonHasher, formula: Formula): bigint {
  return poseidonChainHash(hasher, formulaNumbers(formula));
}

/**
 * h = 0; for each chunk of (up to) 15 numbers, in order: h = Poseidon([h, ...chunk]).
 * The circuits recompute this: 29 numbers cost one 16-input and one 15-input Poseidon.
 */
export function poseidonChainHash(hasher: PoseidonHasher, numbers: readonly bigint[]): bigint {
  let h = 0n;
  for (let start = 0; start < numbers.length; start += FORMULA_HASH_CHUNK) {
    h = hasher.hash([h, ...numbers.slice(start, start + FORMULA_HASH_CHUNK)]);
  }
  return h;
}

/** No draw: what a formula without a draw section offers. */
const NO_DRAW: FormulaDraw = Object.freeze({ stones: 0, crystals_per_entry: 0, max_entries: 0 });

/** The formula's draw section, or the empty draw (no stones, no entries) when it has none. */
export function formulaDrawOf(formula: Formula): FormulaDraw {
  return formula.draw ?? NO_DRAW;
}
