import { type DrawParameters, drawCount } from './draw-count.js';

/** What a batch proof states about the draw: its slice of the cumulative weight and its outcomes. */
export interface DrawBatch {
  /** The cumulative draw weight before the batch's first owner. */
  readonly start: bigint;
  /** ... and after its last: the next batch's start; the last batch ends at W. */
  readonly end: bigint;
  /** c at `start` (the prover supplies it; the circuit checks it). */
  readonly startCount: bigint;
  /** Stones won in the batch: c(end) - c(start). */
  readonly wins: bigint;
  /** Entries of the batch's owners. */
  readonly entries: bigint;
}

/** The draw-relevant part of an owner, in committed (batch, leaf) order. */
export interface DrawEntrant {
  readonly batch: number;
  readonly entries: bigint;
  readonly noisyScore: bigint;
}

/**
 * Each batch's slice of the draw, from the owners in committed order (every batch, even one
 * whose owners have no entries, gets its interval: the statements chain from 0 to W).
 */
export function drawBatches(draw: DrawParameters, entrants: readonly DrawEntrant[], batches: number): DrawBatch[] {
  const weightBefore = new Array<bigint>(batches + 1).fill(0n);
  const entries = new Array<bigint>(batches).fill(0n);
  let running = 0n;
  let lastBatch = 0;
  for (const entrant of entrants) {
    if (entrant.batch < lastBatch || entrant.batch >= batches) throw new Error(`drawBatches: owner in batch ${entrant.batch} out of order or range`);
    for (let b = lastBatch + 1; b <= entrant.batch; b++) weightBefore[b] = running;
    lastBatch = entrant.batch;
    running += entrant.entries * entrant.noisyScore;
    entries[entrant.batch] = (entries[entrant.batch] as bigint) + entrant.entries;
  }
  for (let b = lastBatch + 1; b <= batches; b++) weightBefore[b] = running;
  if (running !== draw.total) throw new Error(`drawBatches: the weights sum to ${running}, W is ${draw.total}`);
  return Array.from({ length: batches }, (_, b) => {
    const start = weightBefore[b] as bigint;
    const end = weightBefore[b + 1] as bigint;
    const startCount = drawCount(draw, start);
    return { start, end, startCount, wins: drawCount(draw, end) - startCount, entries: entries[b] as bigint };
  });
}
