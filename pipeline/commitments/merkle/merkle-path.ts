import type { PoseidonHasher } from '../poseidon/poseidon-hasher.js';
import type { PoseidonTree } from './poseidon-tree.js';

/** The siblings of one node at one level: the node is child `position` of its parent. */
interface MerklePathLevel {
  position: number;
  /** The parent's other children, in order, without the node itself. */
  siblings: bigint[];
}

/** The path from leaf `index` to the root, bottom up (empty for a single-leaf tree). */
export interface MerklePath {
  index: number;
  levels: MerklePathLevel[];
}

/** The Merkle path of leaf `index`. */
export function merklePath(tree: PoseidonTree, index: number): MerklePath {
  const leaves = tree.levels[0] ?? [];
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`leaf index ${index} outside the tree's ${leaves.length} leaves`);
  const levels: MerklePathLevel[] = [];
  let node = index;
  for (let level = 0; level + 1 < tree.levels.length; level += 1) {
    const nodes = tree.levels[level] as bigint[];
    const parents = (tree.levels[level + 1] as bigint[]).length;
    const arity = nodes.length / parents;
    const position = node % arity;
    const start = node - position;
    const siblings = nodes.slice(start, start + arity);
    siblings.splice(position, 1);
    levels.push({ position, siblings });
    node = Math.floor(node / arity);
  }
  return { index, levels };
}

/** The root a leaf and its path lead to (compare it with the published root). */
export function rootFromPath(hasher: PoseidonHasher, leaf: bigint, path: MerklePath): bigint {
  let node = leaf;
  for (const { position, siblings } of path.levels) {
    if (!Number.isInteger(position) || position < 0 || position > siblings.length) {
      throw new RangeError(`path position ${position} outside a node of ${siblings.length + 1} children`);
    }
    const children = siblings.slice();
    children.splice(position, 0, node);
    node = hasher.hash(children);
  }
  return node;
}
