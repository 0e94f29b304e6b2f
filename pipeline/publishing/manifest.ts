import { fieldToHex } from '../commitments/field-encoding.js';
import { BATCH_TREE_ARITY, TOP_TREE_ARITY } from '../commitments/run-tree-shape.js';
import type { RunTrees } from './build-run-trees.js';
import type { RunSnapshot } from './run-snapshot.js';

export interface ManifestBatch {
  batch: number;
  users: number;
  data_root: string;
  award_root: string;
  noisy_sum: string;
  award_sum: string;
}

/** Which release of its period's scores a run is, and what the period has spent on them with it. */
export interface ScoreReleaseReport {
  /** 1 for the release at the period's close, 2 for a first correction, ... */
  index: number;
  /** The period's score releases up to this one, by basic composition. */
  period_epsilon: number;
  period_delta: number;
  /** The formula's release.period_epsilon. */
  period_epsilon_budget: number;
}

export interface ScoreNoisePrivacyReport {
  mechanism: 'binomial';
  privacy_unit: string;
  /** The neighbour relation the epsilon is for (NEIGHBOUR_RELATION). */
  neighbours: string;
  n: number;
  k: number;
  /** The most one user-day moves a score, and so q = floor(score / k) by at most lattice_shift steps. */
  sensitivity: string;
  lattice_shift: number;
  /** k * sqrt(n) / 2: the noise's standard deviation in score units. */
  noise_sd: number;
  /** Certified per user-day and release by the exact accountant; never above target_epsilon. */
  epsilon: number;
  target_epsilon: number;
  delta: number;
  release: ScoreReleaseReport;
}

/**
 * What `stones prove` adds once every batch is proved: the circuit instance and the SHA-256 of
 * the verification key it copied into the bundle (`verification_key.json`), which a regulator
 * also compares with the key of the published ceremony.
 */
export interface ManifestProofs {
  circuit: string;
  protocol: 'groth16';
  curve: 'bn128';
  verification_key_sha256: string;
  /** One proof file per batch, `proofs/batch-NNNNNN.json`. */
  batches: number;
}

/**
 * The release a run carries its remainder from: the month before's release in force, named by
 * run id and the SHA-256 of its record (manifestRecordSha256: its manifest without the proofs
 * section, as canonical JSON). Null for the first period of the chain, which carries 0.
 */
export interface ManifestPrevious {
  run_id: string;
  period: string;
  manifest_sha256: string;
}

/** The public record of a run, for regulators. No user id, feature, salt or pepper. */
export interface Manifest {
  run_id: string;
  period: string;
  time_zone: string;
  formula: { id: string; version: number; sha256: string; poseidon: string };
  pool: string;
  /** The previous release's remainder (0 for the first period), `previous` names it. */
  carried_in: string;
  previous: ManifestPrevious | null;
  total_noisy_score: string;
  total_awards: string;
  remainder: string;
  beacon: { value: string; demo: boolean; recorded_at: string };
  data_root: string;
  data_root_recorded_at: string;
  award_root: string;
  users: number;
  batch_size: number;
  tree: { batch_arity: number; top_arity: number; padding_leaf: string };
  batches: ManifestBatch[];
  privacy: ScoreNoisePrivacyReport;
  /** Absent until the run is proved. */
  proofs?: ManifestProofs;
}

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
