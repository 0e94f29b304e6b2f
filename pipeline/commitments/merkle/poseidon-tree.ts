import type { PoseidonHasher } from '../poseidon/poseidon-hasher.js';
import { levelArities } from './tree-shape.js';

/** A Poseidon tree: levels[0] are the leaves, the last level is [root]. */
export interface PoseidonTree {
  root: bigint;
  levels: bigint[][];
}

/** Builds the tree over a power-of-two number of leaves (see levelArities for its shape). */
export function buildTree(hasher: PoseidonHasher, leaves: readonly bigint[], arity?: number): PoseidonTree {
  const arities = levelArities(leaves.length, arity);
  const levels: bigint[][] = [leaves.slice()];
  let nodes = levels[0] as bigint[];
  for (const arity of arities) {
    const parents: bigint[] = [];
    for (let start = 0; start < nodes.length; start += arity) parents.push(hasher.hash(nodes.slice(start, start + arity)));
    levels.push(parents);
    nodes = parents;
  }
  return { root: nodes[0] as bigint, levels };
}
