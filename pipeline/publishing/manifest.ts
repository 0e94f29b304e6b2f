import { fieldToHex } from '../commitments/field-encoding.js';
import { BATCH_TREE_ARITY, TOP_TREE_ARITY } from '../commitments/run-tree-shape.js';
import { drawBatches, drawOffset, drawTag } from '../draw/index.js';
import type { FormulaDraw } from '../scoring/formula.js';
import type { RunTrees } from './build-run-trees.js';
import type { RunSnapshot } from './run-snapshot.js';
import {
  SCHEMA_VERSIONS,
  type Manifest,
  type ManifestBatch,
  type ManifestDraw,
  type ManifestPrevious,
  type ScoreNoisePrivacyReport,
} from '../formats/index.js';

// The manifest's shape is its schema's (pipeline/formats/manifest.ts): one definition for writer and verifier.
export type { Manifest, ManifestPrevious, ScoreNoisePrivacyReport } from '../formats/index.js';

/** What the manifest's draw section takes beyond the snapshot: the formula's draw terms and u (drawRandom of the beacon and period). */
export interface ManifestDrawTerms {
  formula: FormulaDraw;
  random: bigint;
}

/**
 * The draw's public section and each batch's slice of it, from the owners in committed order.
 * The snapshot's W and U (fixed at score) must be what u and the owners' weights give.
 */
function drawOf(snapshot: RunSnapshot, terms: ManifestDrawTerms, batchCount: number): { draw: ManifestDraw; batches: ReturnType<typeof drawBatches> } {
  const { run, users } = snapshot;
  const stones = BigInt(terms.formula.stones);
  const offset = drawOffset(terms.random, run.drawTotal);
  if (offset !== run.drawOffset) throw new Error(`run ${run.runId}: the draw offset stored at score is ${run.drawOffset}, u mod W gives ${offset}`);
  const batches = drawBatches(
    { stones, total: run.drawTotal, offset },
    users.map((u) => ({ batch: u.batch, entries: u.entries, noisyScore: u.noisyScore })),
    batchCount,
  );
  const wins = batches.map(() => 0n);
  for (const u of users) wins[u.batch] = (wins[u.batch] as bigint) + u.drawWins;
  batches.forEach((b, k) => {
    if (b.wins !== wins[k]) throw new Error(`run ${run.runId}: batch ${k}'s owners won ${wins[k]} stones at score, its draw interval gives ${b.wins}`);
  });
  const stonesWon = batches.reduce((sum, b) => sum + b.wins, 0n);
  return {
    draw: {
      stones: stones.toString(),
      crystals_per_entry: terms.formula.crystals_per_entry,
      max_entries: terms.formula.max_entries,
      tag: fieldToHex(drawTag(run.period)),
      random: fieldToHex(terms.random),
      total: run.drawTotal.toString(),
      offset: offset.toString(),
      stones_won: stonesWon.toString(),
      entries: users.reduce((sum, u) => sum + u.entries, 0n).toString(),
    },
    batches,
  };
}

export function manifestOf(
  snapshot: RunSnapshot,
  trees: RunTrees,
  privacy: ScoreNoisePrivacyReport,
  previous: ManifestPrevious | null,
  drawTerms: ManifestDrawTerms,
): Manifest {
  const { run, users } = snapshot;
  const { draw, batches: drawSlices } = drawOf(snapshot, drawTerms, trees.dataBatches.length);
  const batches: ManifestBatch[] = trees.dataBatches.map((tree, batch) => {
    const slice = drawSlices[batch] as (typeof drawSlices)[number];
    return {
      batch,
      users: 0,
      data_root: fieldToHex(tree.root),
      award_root: fieldToHex(trees.awardRoots[batch] as bigint),
      noisy_sum: '0',
      award_sum: '0',
      draw_start: slice.start.toString(),
      draw_end: slice.end.toString(),
      draw_wins: slice.wins.toString(),
      entries: slice.entries.toString(),
    };
  });
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
    beacon: { value: run.beacon, demo: run.demoBeacon, recorded_at: run.beaconRecordedAt, ...(run.beaconDrand ? { drand: run.beaconDrand } : {}) },
    data_root: run.dataRoot,
    data_root_recorded_at: run.dataRootRecordedAt,
    ...(run.dataRootAnchor ? { data_root_anchor: run.dataRootAnchor } : {}),
    award_root: run.awardRoot,
    users: run.users,
    batch_size: run.batchSize,
    tree: { batch_arity: BATCH_TREE_ARITY, top_arity: TOP_TREE_ARITY, padding_leaf: fieldToHex(0n) },
    batches,
    draw,
    privacy,
  };
}
