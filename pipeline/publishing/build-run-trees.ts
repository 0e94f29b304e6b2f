import { fieldFromHex } from '../commitments/field-encoding.js';
import { buildTree, padToPowerOfTwo, type PoseidonTree } from '../commitments/merkle/index.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import type { RunSnapshot } from './run-snapshot.js';

export interface RunTrees {
  dataBatches: PoseidonTree[];
  awardBatches: PoseidonTree[];
  dataTop: PoseidonTree;
  awardTop: PoseidonTree;
}

function batchTrees(hasher: PoseidonHasher, leaves: readonly bigint[], batches: number, batchSize: number): PoseidonTree[] {
  const padded = [...leaves, ...new Array<bigint>(batches * batchSize - leaves.length).fill(0n)];
  return Array.from({ length: batches }, (_, b) => buildTree(hasher, padded.slice(b * batchSize, (b + 1) * batchSize)));
}

/**
 * Rebuilds both trees of a scored run from its stored leaves, for the Merkle paths of the
 * receipts, and checks they give the roots recorded at commit and score time.
 */
export function buildRunTrees(hasher: PoseidonHasher, snapshot: RunSnapshot): RunTrees {
  const { run, users } = snapshot;
  const dataBatches = batchTrees(hasher, users.map((u) => u.dataLeaf), run.batches, run.batchSize);
  const awardBatches = batchTrees(hasher, users.map((u) => u.awardLeaf), run.batches, run.batchSize);
  const dataTop = buildTree(hasher, padToPowerOfTwo(dataBatches.map((t) => t.root)));
  const awardTop = buildTree(hasher, padToPowerOfTwo(awardBatches.map((t) => t.root)));
  if (dataTop.root !== fieldFromHex(run.dataRoot) || awardTop.root !== fieldFromHex(run.awardRoot)) {
    throw new Error(`run ${run.runId}: the stored leaves no longer give the recorded roots (database altered?)`);
  }
  return { dataBatches, awardBatches, dataTop, awardTop };
}
