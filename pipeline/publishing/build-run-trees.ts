import type { BulkHasher } from '../commitments/bulk-hasher.js';
import { buildTopTree } from '../commitments/build-top-tree.js';
import { fieldFromHex } from '../commitments/field-encoding.js';
import { levelArities, type PoseidonTree } from '../commitments/merkle/index.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { BATCH_TREE_ARITY } from '../commitments/run-tree-shape.js';
import type { RunSnapshot } from './run-snapshot.js';

/**
 * What publishing needs of a run's trees: each batch's data tree (for the receipts' paths) and
 * the batch award roots. Award paths are not needed: awards.jsonl publishes every award leaf's
 * contents, so anyone recomputes a batch's award root.
 */
export interface RunTrees {
  dataBatches: PoseidonTree[];
  awardRoots: bigint[];
}

/**
 * Each batch's tree, for the receipts' paths, from its leaves and its stored root. A batch of
 * at most 16 leaves is one Poseidon over them: its tree is the leaves and the root, with no
 * hashing. Larger batches are rebuilt level by level, every batch's level in one bulk call on
 * the hash pool (a million owners in batches of 32 make 62,500 subtrees a tree), and must
 * reach the stored roots.
 */
async function batchTrees(bulk: BulkHasher, leaves: readonly bigint[], roots: readonly bigint[], batchSize: number): Promise<PoseidonTree[]> {
  const padded = [...leaves, ...new Array<bigint>(roots.length * batchSize - leaves.length).fill(0n)];
  const levelsOf = roots.map((_, b) => [padded.slice(b * batchSize, (b + 1) * batchSize)]);
  if (batchSize > BATCH_TREE_ARITY) {
    for (const arity of levelArities(batchSize, BATCH_TREE_ARITY).slice(0, -1)) {
      const groups = levelsOf.flatMap((levels) => {
        const nodes = levels[levels.length - 1] as bigint[];
        return Array.from({ length: nodes.length / arity }, (_, k) => nodes.slice(k * arity, (k + 1) * arity));
      });
      const parents = await bulk.hashRows(groups);
      const perBatch = parents.length / levelsOf.length;
      for (const [b, levels] of levelsOf.entries()) levels.push(parents.slice(b * perBatch, (b + 1) * perBatch));
    }
  }
  return roots.map((root, b) => ({ root, levels: [...(levelsOf[b] as bigint[][]), [root]] }));
}

/**
 * The trees of a scored run, for the Merkle paths of the receipts. The top trees are rebuilt
 * from the stored batch roots and must give the roots recorded at commit and score time.
 * (The award leaves and roots were hashed by the score stage; the bundle check rebuilds them
 * from awards.jsonl.)
 */
export async function buildRunTrees(bulk: BulkHasher, hasher: PoseidonHasher, snapshot: RunSnapshot): Promise<RunTrees> {
  const { run, users, batchRoots } = snapshot;
  const dataBatches = await batchTrees(
    bulk,
    users.map((u) => u.dataLeaf),
    batchRoots.data,
    run.batchSize,
  );
  if (run.batchSize > BATCH_TREE_ARITY) checkBatchRoots(hasher, run.runId, dataBatches);
  const dataTop = await buildTopTree(bulk, batchRoots.data);
  const awardTop = await buildTopTree(bulk, batchRoots.award);
  if (dataTop.root !== fieldFromHex(run.dataRoot) || awardTop.root !== fieldFromHex(run.awardRoot)) {
    throw new Error(`run ${run.runId}: the stored batch roots no longer give the recorded roots (database altered?)`);
  }
  return { dataBatches, awardRoots: batchRoots.award };
}

/**
 * The rebuilt level under each root must hash to it: the stored leaves and roots belong
 * together. (A batch of at most 16 leaves is its root's own hash input: nothing was rebuilt.)
 */
function checkBatchRoots(hasher: PoseidonHasher, runId: string, trees: readonly PoseidonTree[]): void {
  trees.forEach((tree, batch) => {
    const top = tree.levels[tree.levels.length - 2] as bigint[];
    const root = top.length === 1 ? top[0] : hasher.hash(top);
    if (root !== tree.root) throw new Error(`run ${runId}: batch ${batch}'s stored leaves do not give its stored root (database altered?)`);
  });
}
