import { drawOutcomes } from '../../../pipeline/draw/index.js';

const MASK_64 = (1n << 64n) - 1n;

/**
 * SplitMix64 on BigInt: a seeded generator of our own, so the draws' tests do not depend on
 * Math.random and every failure replays from its seed.
 */
export class SplitMix64 {
  private state: bigint;

  constructor(seed: bigint) {
    this.state = seed & MASK_64;
  }

  next64(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    return z ^ (z >> 31n);
  }

  /** A 128-bit value, the width of the draw's random number u. */
  next128(): bigint {
    return (this.next64() << 64n) | this.next64();
  }

  /** An integer in [0, bound), bound small (the modulo bias of 2^64 is negligible here). */
  below(bound: number): number {
    return Number(this.next64() % BigInt(bound));
  }
}

/**
 * Stones won by each entrant, counted straight from the definition and independently of
 * drawCount: the points U + m W (m = 0 .. D-1) on the line of cumulative weights scaled by D,
 * and entrant i takes the points in [D W_(i-1), D W_i).
 */
export function winsByPoints(stones: bigint, offset: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((sum, w) => sum + w, 0n);
  const wins = weights.map(() => 0n);
  if (total === 0n) return wins;
  let owner = 0;
  let end = stones * weights[0]!;
  for (let m = 0n; m < stones; m++) {
    const point = offset + m * total;
    while (point >= end) {
      owner++;
      end += stones * weights[owner]!;
    }
    wins[owner]! += 1n;
  }
  return wins;
}

/** What every offset U in [0, W) gives: the production draw's wins per entrant, per U. */
export function enumerateDraws(stones: bigint, weights: readonly bigint[]): { total: bigint; winsByOffset: bigint[][] } {
  const total = weights.reduce((sum, w) => sum + w, 0n);
  const winsByOffset: bigint[][] = [];
  for (let offset = 0n; offset < total; offset++) {
    winsByOffset.push(drawOutcomes({ stones, offset }, weights).outcomes.map((o) => o.wins));
  }
  return { total, winsByOffset };
}
