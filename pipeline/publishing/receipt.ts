import { fieldToHex } from '../commitments/field-encoding.js';
import { merklePath } from '../commitments/merkle/index.js';
import { FEATURE_NAMES, type FeatureName } from '../scoring/index.js';
import type { RunTrees } from './build-run-trees.js';
import { merklePathToJson, type MerklePathJson } from './merkle-path-json.js';
import type { RunSummary, RunUser } from './run-snapshot.js';

/**
 * What one owner receives, privately: enough to recompute their score, noise and award and to
 * check that both were committed in the public roots. Integers are decimal strings (exact at
 * any size), field elements 0x-hex.
 *
 * Only the path from the data leaf to its batch's data root is in it: everything else the
 * check needs is public in the bundle (the manifest lists every batch's roots, awards.jsonl
 * every award leaf's contents), so a receipt stays about 1.5 KB (with both full paths it was
 * over 5 KB, half a gigabyte of receipts per 100,000 owners).
 */
export interface Receipt {
  run_id: string;
  period: string;
  user_tag: string;
  salt: string;
  features: Record<FeatureName, string>;
  score: string;
  noisy_score: string;
  award: string;
  batch: number;
  leaf: number;
  /** From the data leaf to the data root of its batch (manifest.batches[batch].data_root). */
  data_path: MerklePathJson;
}

export function receiptOf(run: RunSummary, user: RunUser, trees: RunTrees): Receipt {
  const dataBatch = trees.dataBatches[user.batch];
  if (!dataBatch) throw new Error(`receipt: no batch ${user.batch} in run ${run.runId}`);
  return {
    run_id: run.runId,
    period: run.period,
    user_tag: fieldToHex(user.tag),
    salt: fieldToHex(user.salt),
    features: Object.fromEntries(FEATURE_NAMES.map((f) => [f, user.features[f].toString()])) as Record<FeatureName, string>,
    score: user.score.toString(),
    noisy_score: user.noisyScore.toString(),
    award: user.award.toString(),
    batch: user.batch,
    leaf: user.leafIndex,
    data_path: merklePathToJson(merklePath(dataBatch, user.leafIndex)),
  };
}
