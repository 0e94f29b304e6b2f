import { fieldFromHex } from '../../commitments/field-encoding.js';
import type { PoseidonHasher } from '../../commitments/poseidon/poseidon-hasher.js';
import type { Manifest } from '../../publishing/manifest.js';

/** The fifteen public values a batch proof binds, hashed into its one public signal. */
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

/** The public statement of a batch proof: Poseidon of the fifteen values, in the circuit's order (circuits/README.md). */
export function batchStatement(hasher: PoseidonHasher, v: BatchStatementValues): bigint {
  return hasher.hash([
    v.formulaHash,
    v.runPool,
    v.total,
    v.beacon,
    BigInt(v.batchIndex),
    v.dataRoot,
    v.awardRoot,
    v.noisySum,
    v.awardSum,
    v.drawTotal,
    v.drawOffset,
    v.drawStart,
    v.drawEnd,
    v.drawWins,
    v.entries,
  ]);
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
