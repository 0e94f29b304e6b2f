import { POSEIDON_MAX_INPUTS } from '../poseidon/poseidon-hasher.js';

/** Children per node below the top level. */
const TREE_ARITY = POSEIDON_MAX_INPUTS;

/** Whether n is a power of two (1, 2, 4, ...). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/**
 * The arity of each level of the tree over `leafCount` leaves, bottom up: `arity` (16 by
 * default, a power of two) while at least that many nodes remain, then one last hash of the
 * remaining nodes. A single leaf is its own root, so its tree has no level.
 * 2 -> [2], 16 -> [16], 32 -> [16, 2], 512 -> [16, 16, 2]; with arity 2, 8 -> [2, 2, 2].
 */
export function levelArities(leafCount: number, arity: number = TREE_ARITY): number[] {
  if (!isPowerOfTwo(arity) || arity < 2 || arity > TREE_ARITY) throw new RangeError(`tree arity must be a power of two in [2, ${TREE_ARITY}], got ${arity}`);
  if (!isPowerOfTwo(leafCount)) throw new RangeError(`a Poseidon tree needs a power-of-two leaf count (>= 1), got ${leafCount}`);
  const arities: number[] = [];
  let nodes = leafCount;
  while (nodes >= arity) {
    arities.push(arity);
    nodes /= arity;
  }
  if (nodes > 1) arities.push(nodes);
  return arities;
}
