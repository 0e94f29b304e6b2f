import { fieldToHex } from '../commitments/field-encoding.js';
import { merklePath } from '../commitments/merkle/index.js';
import { FEATURE_NAMES, type FeatureName } from '../scoring/index.js';
import type { RunTrees } from './build-run-trees.js';
import { merklePathToJson } from './merkle-path-json.js';
import { SCHEMA_VERSIONS, type Receipt } from '../formats/index.js';
import type { RunSummary, RunUser } from './run-snapshot.js';

// The receipt's shape is its schema's (pipeline/formats/receipt.ts).
export type { Receipt } from '../formats/index.js';

export function receiptOf(run: RunSummary, user: RunUser, trees: RunTrees): Receipt {
  const dataBatch = trees.dataBatches[user.batch];
  if (!dataBatch) throw new Error(`receipt: no batch ${user.batch} in run ${run.runId}`);
  return {
    schema_version: SCHEMA_VERSIONS.receipt,
    run_id: run.runId,
    period: run.period,
    user_tag: fieldToHex(user.tag),
    salt: fieldToHex(user.salt),
    features: Object.fromEntries(FEATURE_NAMES.map((f) => [f, user.features[f].toString()])) as Record<FeatureName, string>,
    score: user.score.toString(),
    noisy_score: user.noisyScore.toString(),
    award: user.award.toString(),
    crystals_spent: user.crystalsSpent.toString(),
    entries: user.entries.toString(),
    draw_count: user.drawCount.toString(),
    draw_wins: user.drawWins.toString(),
    batch: user.batch,
    leaf: user.leafIndex,
    data_path: merklePathToJson(merklePath(dataBatch, user.leafIndex)),
  };
}
