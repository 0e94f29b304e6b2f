import { describe, expect, it } from 'vitest';
import { drawCount, drawOutcomes } from '../../../pipeline/draw/index.js';
import { enumerateDraws, SplitMix64, winsByPoints } from './draw-fixture.js';

/**
 * Small random populations (W at most a few hundred, so every U in [0, W) can be tried), with
 * zero weights and heavy entrants (D w_i / W > 1) mixed in on purpose: the two edges where
 * "min(1, D w / W)" and "floor or ceil" bite.
 */
function smallInstances(): { stones: bigint; weights: bigint[] }[] {
  const random = new SplitMix64(20260401n);
  const instances: { stones: bigint; weights: bigint[] }[] = [
    // Hand-picked edges: one entrant; a heavy entrant that must win every time; D > W.
    { stones: 3n, weights: [7n] },
    { stones: 4n, weights: [0n, 50n, 1n, 0n, 2n] },
    { stones: 9n, weights: [1n, 2n, 0n, 3n] },
  ];
  while (instances.length < 12) {
    const count = 2 + random.below(7);
    const weights = Array.from({ length: count }, () => {
      const kind = random.below(5);
      if (kind === 0) return 0n;
      if (kind === 1) return BigInt(40 + random.below(80));
      return BigInt(1 + random.below(25));
    });
    instances.push({ stones: BigInt(1 + random.below(12)), weights });
  }
  return instances;
}

describe('drawOutcomes, every offset of small draws enumerated', () => {
  const instances = smallInstances();

  it('covers zero weights and entrants with D w / W > 1', () => {
    let zero = 0;
    let heavy = 0;
    for (const { stones, weights } of instances) {
      const total = weights.reduce((s, w) => s + w, 0n);
      zero += weights.filter((w) => w === 0n).length;
      heavy += weights.filter((w) => stones * w > total).length;
    }
    expect(zero).toBeGreaterThanOrEqual(3);
    expect(heavy).toBeGreaterThanOrEqual(3);
  });

  it('gives out exactly D stones, each entrant floor or ceil of D w / W, as the points fall', () => {
    for (const { stones, weights } of instances) {
      const { total, winsByOffset } = enumerateDraws(stones, weights);
      for (const [offset, wins] of winsByOffset.entries()) {
        expect(wins.reduce((s, x) => s + x, 0n)).toBe(stones);
        // |wins W - D w| < W is "wins is floor or ceil of D w / W" without dividing.
        for (const [i, win] of wins.entries()) {
          const gap = win * total - stones * weights[i]!;
          expect(gap > -total && gap < total).toBe(true);
        }
        expect(wins).toEqual(winsByPoints(stones, BigInt(offset), weights));
      }
    }
  });

  it('averages D w / W stones per entrant and wins at least one with probability min(1, D w / W), exactly', () => {
    for (const { stones, weights } of instances) {
      const { total, winsByOffset } = enumerateDraws(stones, weights);
      for (const [i, weight] of weights.entries()) {
        // Over the W equally likely offsets: sum of wins = W * (D w / W) and
        // #{U : wins >= 1} = W * min(1, D w / W), both integers, so equality is exact.
        const sum = winsByOffset.reduce((s, wins) => s + wins[i]!, 0n);
        const some = BigInt(winsByOffset.filter((wins) => wins[i]! >= 1n).length);
        expect(sum).toBe(stones * weight);
        expect(some).toBe(stones * weight < total ? stones * weight : total);
      }
    }
  });

  it('reports each interval and the cumulative c the prover supplies', () => {
    const weights = [3n, 0n, 5n, 2n];
    const { total, outcomes } = drawOutcomes({ stones: 4n, offset: 6n }, weights);
    expect(total).toBe(10n);
    let before = 0n;
    let countBefore = 0n;
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.weight).toBe(weights[i]);
      expect(outcome.weightBefore).toBe(before);
      before += weights[i]!;
      expect(outcome.count).toBe(drawCount({ stones: 4n, total, offset: 6n }, before));
      expect(outcome.wins).toBe(outcome.count - countBefore);
      countBefore = outcome.count;
    }
    expect(countBefore).toBe(4n);
  });

  it('gives nothing when nobody entered, and nothing when D = 0', () => {
    expect(drawOutcomes({ stones: 1000n, offset: 0n }, []).outcomes).toEqual([]);
    const none = drawOutcomes({ stones: 1000n, offset: 0n }, [0n, 0n, 0n]);
    expect(none.total).toBe(0n);
    expect(none.outcomes.map((o) => o.wins)).toEqual([0n, 0n, 0n]);
    expect(drawOutcomes({ stones: 0n, offset: 2n }, [1n, 4n]).outcomes.map((o) => o.wins)).toEqual([0n, 0n]);
  });

  it('refuses a negative weight, a W that is not the sum, and an offset outside [0, W)', () => {
    expect(() => drawOutcomes({ stones: 2n, offset: 0n }, [1n, -1n, 3n])).toThrow(RangeError);
    expect(() => drawOutcomes({ stones: 2n, offset: 0n, total: 5n }, [1n, 3n])).toThrow(/W = 5/);
    expect(drawOutcomes({ stones: 2n, offset: 0n, total: 4n }, [1n, 3n]).total).toBe(4n);
    expect(() => drawOutcomes({ stones: 2n, offset: 4n }, [1n, 3n])).toThrow(RangeError);
  });
});
