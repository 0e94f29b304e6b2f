import type { BulkHasher } from '../commitments/bulk-hasher.js';
import { buildTopTree } from '../commitments/build-top-tree.js';
import { fieldFromHex } from '../commitments/field-encoding.js';
import { buildTree, type PoseidonTree } from '../commitments/merkle/index.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { BATCH_TREE_ARITY } from '../commitments/run-tree-shape.js';
import type { RunSnapshot } from './run-snapshot.js';

export interface RunTrees {
  dataBatches: PoseidonTree[];
  awardBatches: PoseidonTree[];
  dataTop: PoseidonTree;
  awardTop: PoseidonTree;
}

/**
 * Each batch's tree, for the receipts' paths. A batch of at most 16 leaves is one Poseidon
 * over its leaves, so its tree is the leaves and the stored root, with no hashing; larger
 * batches are rebuilt.
 */
function batchTrees(hasher: PoseidonHasher, leaves: readonly bigint[], roots: readonly bigint[], batchSize: number): PoseidonTree[] {
  const padded = [...leaves, ...new Array<bigint>(roots.length * batchSize - leaves.length).fill(0n)];
  return roots.map((root, b) => {
    const batchLeaves = padded.slice(b * batchSize, (b + 1) * batchSize);
    return batchSize <= BATCH_TREE_ARITY ? { root, levels: [batchLeaves, [root]] } : buildTree(hasher, batchLeaves);
  });
}

/**
 * The trees of a scored run, for the Merkle paths of the receipts. The top trees are rebuilt
 * from the stored batch roots and must give the roots recorded at commit and score time.
 */
export async function buildRunTrees(bulk: BulkHasher, hasher: PoseidonHasher, snapshot: RunSnapshot): Promise<RunTrees> {
  const { run, users, batchRoots } = snapshot;
  const dataBatches = batchTrees(hasher, users.map((u) => u.dataLeaf), batchRoots.data, run.batchSize);
  const awardBatches = batchTrees(hasher, users.map((u) => u.awardLeaf), batchRoots.award, run.batchSize);
  const dataTop = await buildTopTree(bulk, batchRoots.data);
  const awardTop = await buildTopTree(bulk, batchRoots.award);
  if (dataTop.root !== fieldFromHex(run.dataRoot) || awardTop.root !== fieldFromHex(run.awardRoot)) {
    throw new Error(`run ${run.runId}: the stored batch roots no longer give the recorded roots (database altered?)`);
  }
  return { dataBatches, awardBatches, dataTop, awardTop };
}
