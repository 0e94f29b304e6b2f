/** The draw's public numbers: D stones offered, W the sum of all weights, U the offset. */
export interface DrawParameters {
  readonly stones: bigint;
  readonly total: bigint;
  readonly offset: bigint;
}

/**
 * c(x) = ceil((D x - U) / W): how many of the draw's D points U + m W (m = 0 .. D-1, in the
 * scale where the weights are multiplied by D) lie below D x, for a cumulative weight x in
 * [0, W]; 0 when W = 0. c(0) = 0 and c(W) = D, since 0 <= U < W. The circuit checks each c
 * as the one integer with 0 <= c W + U - D x < W (DrawCount in circuits/batch-award.circom).
 */
export function drawCount(draw: DrawParameters, weight: bigint): bigint {
  const { stones, total, offset } = draw;
  if (stones < 0n) throw new RangeError(`drawCount: D = ${stones} is negative`);
  if (total === 0n) {
    if (weight !== 0n || offset !== 0n) throw new RangeError(`drawCount: W = 0 leaves no weight or offset, got ${weight} and ${offset}`);
    return 0n;
  }
  if (weight < 0n || weight > total) throw new RangeError(`drawCount: cumulative weight ${weight} is outside [0, ${total}]`);
  if (offset < 0n || offset >= total) throw new RangeError(`drawCount: offset ${offset} is outside [0, ${total})`);
  const due = stones * weight - offset;
  return due <= 0n ? 0n : (due + total - 1n) / total;
}
