import { type DrawParameters, drawCount } from './draw-count.js';

/** One entrant's place in the draw: its weight interval and what fell in it. */
export interface DrawOutcome {
  /** e * v: entries times the published noisy score. */
  readonly weight: bigint;
  /** The cumulative weight before this owner (the start of its interval). */
  readonly weightBefore: bigint;
  /** c at the end of the interval (what the prover supplies per slot). */
  readonly count: bigint;
  /** Stones won: c(end) - c(start), floor or ceil of D e v / W. */
  readonly wins: bigint;
}

/**
 * The draw over the owners in their committed order (batch, leaf), by systematic sampling with
 * probability proportional to e_i v_i: the D points U + m W, m = 0 .. D-1, on the line of
 * cumulative weights scaled by D; owner i wins one stone per point in its interval
 * [D W_(i-1), D W_i). Exactly D stones go out when W > 0 (none when W = 0), owner i expects
 * D e_i v_i / W of them, and wins at least one with probability min(1, D e_i v_i / W).
 */
export function drawOutcomes(draw: Omit<DrawParameters, 'total'> & { total?: bigint }, weights: readonly bigint[]): { total: bigint; outcomes: DrawOutcome[] } {
  const total = weights.reduce((sum, w) => {
    if (w < 0n) throw new RangeError(`drawOutcomes: negative weight ${w}`);
    return sum + w;
  }, 0n);
  if (draw.total !== undefined && draw.total !== total) throw new Error(`drawOutcomes: W = ${draw.total} given, the weights sum to ${total}`);
  const parameters: DrawParameters = { stones: draw.stones, total, offset: draw.offset };
  const outcomes: DrawOutcome[] = [];
  let before = 0n;
  let countBefore = drawCount(parameters, 0n);
  for (const weight of weights) {
    const after = before + weight;
    const count = drawCount(parameters, after);
    outcomes.push({ weight, weightBefore: before, count, wins: count - countBefore });
    before = after;
    countBefore = count;
  }
  return { total, outcomes };
}
