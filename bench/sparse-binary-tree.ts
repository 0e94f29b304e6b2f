import type { PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';

/** A leaf's path in a binary tree, bottom up: bit i = 1 when the node is the right child at level i. */
export interface BinaryPath {
  index: number;
  bits: number[];
  siblings: bigint[];
}

/**
 * A binary Poseidon(2) tree of 2^depth leaves whose first leaves are given and the rest are 0
 * (the baseline's data tree of bench/circuits/single-award.circom). Only the non-empty prefix of each
 * level is hashed and kept: everything to its right is a subtree of zero leaves, whose root at
 * level i is zeros[i], so a depth-20 tree over a few users costs a few hundred hashes, not 2^20.
 */
export class SparseBinaryTree {
  readonly depth: number;
  readonly root: bigint;
  /** zeros[0] = 0 (an empty leaf), zeros[i + 1] = Poseidon(zeros[i], zeros[i]). */
  readonly zeros: bigint[];
  readonly #levels: bigint[][];

  constructor(hasher: PoseidonHasher, leaves: readonly bigint[], depth: number) {
    if (!Number.isInteger(depth) || depth < 1 || depth > 30) throw new RangeError(`tree depth must be 1 to 30, got ${depth}`);
    if (leaves.length > 2 ** depth) throw new RangeError(`${leaves.length} leaves do not fit a tree of depth ${depth}`);
    this.depth = depth;
    this.zeros = [0n];
    for (let level = 0; level < depth; level += 1) {
      const zero = this.zeros[level] as bigint;
      this.zeros.push(hasher.hash([zero, zero]));
    }
    this.#levels = [leaves.slice()];
    for (let level = 0; level < depth; level += 1) {
      const nodes = this.#levels[level] as bigint[];
      const parents: bigint[] = [];
      for (let i = 0; i < nodes.length; i += 2) parents.push(hasher.hash([nodes[i] as bigint, nodes[i + 1] ?? (this.zeros[level] as bigint)]));
      this.#levels.push(parents);
    }
    this.root = this.#levels[depth]?.[0] ?? (this.zeros[depth] as bigint);
  }

  path(index: number): BinaryPath {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** this.depth) throw new RangeError(`leaf index ${index} outside a tree of depth ${this.depth}`);
    const bits: number[] = [];
    const siblings: bigint[] = [];
    let node = index;
    for (let level = 0; level < this.depth; level += 1) {
      bits.push(node & 1);
      siblings.push(this.#levels[level]?.[node ^ 1] ?? (this.zeros[level] as bigint));
      node >>= 1;
    }
    return { index, bits, siblings };
  }
}

/** The root a leaf reaches through a path (what the circuit's BinaryMerkleRoot computes). */
export function binaryRootFromPath(hasher: PoseidonHasher, leaf: bigint, path: BinaryPath): bigint {
  let node = leaf;
  path.siblings.forEach((sibling, level) => {
    node = path.bits[level] === 1 ? hasher.hash([sibling, node]) : hasher.hash([node, sibling]);
  });
  return node;
}
