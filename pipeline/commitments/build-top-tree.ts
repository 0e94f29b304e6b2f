import type { BulkHasher } from './bulk-hasher.js';
import { levelArities } from './merkle/tree-shape.js';
import { padToPowerOfTwo } from './merkle/pad-to-power-of-two.js';
import type { PoseidonTree } from './merkle/poseidon-tree.js';
import { TOP_TREE_ARITY } from './run-tree-shape.js';

/**
 * The binary top tree over a run's batch roots (padded with zero to a power of two), a level
 * at a time on the hash pool: a million users make 125,000 batch roots.
 */
export async function buildTopTree(hasher: BulkHasher, batchRoots: readonly bigint[]): Promise<PoseidonTree> {
  const leaves = padToPowerOfTwo([...batchRoots]);
  const levels: bigint[][] = [leaves];
  let nodes = leaves;
  for (const arity of levelArities(leaves.length, TOP_TREE_ARITY)) {
    const groups = Array.from({ length: nodes.length / arity }, (_, k) => nodes.slice(k * arity, (k + 1) * arity));
    nodes = await hasher.hashRows(groups);
    levels.push(nodes);
  }
  return { root: nodes[0] as bigint, levels };
}
