import { fieldFromHex } from '../../commitments/field-encoding.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import type { Manifest } from '../../publishing/manifest.js';

/** The fifteen public values a batch proof binds, hashed into its one public signal (batchStatement). */
export interface BatchStatementValues {
  /** formulaPoseidonHash of the formula. */
  formulaHash: bigint;
  /** The run's pool: the formula's pool plus the remainder carried in (manifest.pool). */
  runPool: bigint;
  /** S, the sum of all noisy scores of the run. */
  total: bigint;
  beacon: bigint;
  batchIndex: number;
  dataRoot: bigint;
  awardRoot: bigint;
  noisySum: bigint;
  awardSum: bigint;
  /** The draw: W, the offset U, the batch's slice [start, end) of the cumulative weight, its stones won and entries. */
  drawTotal: bigint;
  drawOffset: bigint;
  drawStart: bigint;
  drawEnd: bigint;
  drawWins: bigint;
  entries: bigint;
}

/** The run's part of every batch statement: formula hash, pool, S, beacon, W and U. */
export type RunStatementValues = Pick<BatchStatementValues, 'formulaHash' | 'runPool' | 'total' | 'beacon' | 'drawTotal' | 'drawOffset'>;

/** Poseidon of the run's six values, the first input of every batch statement (the chain registry stores it per run). */
export function runStatement(hasher: PoseidonHasher, v: RunStatementValues): bigint {
  return hasher.hash([v.formulaHash, v.runPool, v.total, v.beacon, v.drawTotal, v.drawOffset]);
}

/** Poseidon of the batch's sums and draw slice: noisy sum, award sum, draw start and end, stones won, entries. */
function batchSums(hasher: PoseidonHasher, v: BatchStatementValues): bigint {
  return hasher.hash([v.noisySum, v.awardSum, v.drawStart, v.drawEnd, v.drawWins, v.entries]);
}

/**
 * The public statement of a batch proof, as the circuit computes it (circuits/README.md):
 * Poseidon(run statement, batch index, data root, award root, batch sums). Three hashes of at
 * most six inputs, so a chain contract rebuilds it with circomlibjs's Poseidon contracts.
 */
export function batchStatement(hasher: PoseidonHasher, v: BatchStatementValues): bigint {
  return hasher.hash([runStatement(hasher, v), BigInt(v.batchIndex), v.dataRoot, v.awardRoot, batchSums(hasher, v)]);
}

/**
 * The statement of batch `batchIndex` from a public bundle's manifest.json alone (what
 * `stones verify` recomputes): formula Poseidon, pool, S, beacon, the batch's roots and sums,
 * the draw's W and U, and the batch's draw interval, stones won and entries.
 */
export function manifestBatchStatement(hasher: PoseidonHasher, manifest: Manifest, batchIndex: number): bigint {
  const batch = manifest.batches[batchIndex];
  if (batch === undefined || batch.batch !== batchIndex) throw new Error(`manifest of run ${manifest.run_id} has no batch ${batchIndex}`);
  return batchStatement(hasher, {
    formulaHash: fieldFromHex(manifest.formula.poseidon),
    runPool: BigInt(manifest.pool),
    total: BigInt(manifest.total_noisy_score),
    beacon: fieldFromHex(manifest.beacon.value),
    batchIndex,
    dataRoot: fieldFromHex(batch.data_root),
    awardRoot: fieldFromHex(batch.award_root),
    noisySum: BigInt(batch.noisy_sum),
    awardSum: BigInt(batch.award_sum),
    drawTotal: BigInt(manifest.draw.total),
    drawOffset: BigInt(manifest.draw.offset),
    drawStart: BigInt(batch.draw_start),
    drawEnd: BigInt(batch.draw_end),
    drawWins: BigInt(batch.draw_wins),
    entries: BigInt(batch.entries),
  });
}
