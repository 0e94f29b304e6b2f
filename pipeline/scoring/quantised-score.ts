/** The score on the noise lattice: score = k * q + r with 0 <= r < k. */
export interface QuantisedScore {
  /** q = floor(score / k): the lattice point the noise is added to. */
  quotient: bigint;
  /** r = score - k * q, in [0, k): dropped from what is published. */
  remainder: bigint;
}

/**
 * Quantises a score to the noise lattice before any noise is added: the binomial noise moves
 * q by whole steps, so a one-day change of the score (at most Delta) moves q by at most
 * ceil(Delta / k) steps and the published k * (q + noise) stays a multiple of k. Without it,
 * every noisy score would keep its score's residue mod k, and two neighbouring scores with
 * different residues would have disjoint outputs (no finite epsilon).
 */
export function quantiseScore(score: bigint, k: number | bigint): QuantisedScore {
  const step = BigInt(k);
  if (step < 1n) throw new Error(`quantiseScore: k must be at least 1, got ${step}`);
  if (score < 0n) throw new Error(`quantiseScore: score must not be negative, got ${score}`);
  return { quotient: score / step, remainder: score % step };
}
