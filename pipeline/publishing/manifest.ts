import { fieldToHex } from '../commitments/field-encoding.js';
import { BATCH_TREE_ARITY, TOP_TREE_ARITY } from '../commitments/run-tree-shape.js';
import type { RunTrees } from './build-run-trees.js';
import type { RunSnapshot } from './run-snapshot.js';
import { SCHEMA_VERSIONS, type Manifest, type ManifestBatch, type ManifestPrevious, type ScoreNoisePrivacyReport } from '../formats/index.js';

// The manifest's shape is its schema's (pipeline/formats/manifest.ts): one definition for writer and verifier.
export type { Manifest, ManifestPrevious, ScoreNoisePrivacyReport } from '../formats/index.js';

export function manifestOf(snapshot: RunSnapshot, trees: RunTrees, privacy: ScoreNoisePrivacyReport, previous: ManifestPrevious | null): Manifest {
  const { run, users } = snapshot;
  const batches: ManifestBatch[] = trees.dataBatches.map((tree, batch) => ({
    batch,
    users: 0,
    data_root: fieldToHex(tree.root),
    award_root: fieldToHex(trees.awardRoots[batch] as bigint),
    noisy_sum: '0',
    award_sum: '0',
  }));
  const sums = batches.map(() => ({ noisy: 0n, award: 0n, users: 0 }));
  for (const user of users) {
    const sum = sums[user.batch] as { noisy: bigint; award: bigint; users: number };
    sum.noisy += user.noisyScore;
    sum.award += user.award;
    sum.users += 1;
  }
  batches.forEach((b, k) => {
    const sum = sums[k] as { noisy: bigint; award: bigint; users: number };
    b.users = sum.users;
    b.noisy_sum = sum.noisy.toString();
    b.award_sum = sum.award.toString();
  });
  const totalAwards = sums.reduce((acc, s) => acc + s.award, 0n);
  return {
    schema_version: SCHEMA_VERSIONS.manifest,
    run_id: run.runId,
    period: run.period,
    time_zone: run.timeZone,
    formula: { id: run.formulaId, version: run.formulaVersion, sha256: run.formulaSha256, poseidon: run.formulaPoseidon },
    pool: run.pool.toString(),
    carried_in: run.carriedIn.toString(),
    previous,
    total_noisy_score: run.totalNoisy.toString(),
    total_awards: totalAwards.toString(),
    remainder: run.remainder.toString(),
    beacon: { value: run.beacon, demo: run.demoBeacon, recorded_at: run.beaconRecordedAt },
    data_root: run.dataRoot,
    data_root_recorded_at: run.dataRootRecordedAt,
    award_root: run.awardRoot,
    users: run.users,
    batch_size: run.batchSize,
    tree: { batch_arity: BATCH_TREE_ARITY, top_arity: TOP_TREE_ARITY, padding_leaf: fieldToHex(0n) },
    batches,
    privacy,
  };
}
