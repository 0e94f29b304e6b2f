import { describe, expect, it } from 'vitest';
import { drawCount } from '../../../pipeline/draw/index.js';
import { SplitMix64 } from './draw-fixture.js';

/** The number of the draw's points U + m W, m = 0 .. D-1, strictly below D x: what c(x) counts. */
function pointsBelow(stones: bigint, total: bigint, offset: bigint, weight: bigint): bigint {
  let count = 0n;
  for (let m = 0n; m < stones; m++) if (offset + m * total < stones * weight) count++;
  return count;
}

describe('drawCount', () => {
  it('is the one integer c with 0 <= c W + U - D x < W, over every small case', () => {
    // Every (D, W, U, x) on a small grid: the circuit's range check and the point count agree
    // with the code everywhere, boundaries included (x = 0, x = W, U = 0, U = W - 1).
    let cases = 0;
    for (let stones = 0n; stones <= 7n; stones++) {
      for (let total = 1n; total <= 9n; total++) {
        for (let offset = 0n; offset < total; offset++) {
          for (let weight = 0n; weight <= total; weight++) {
            const c = drawCount({ stones, total, offset }, weight);
            const slack = c * total + offset - stones * weight;
            expect(slack >= 0n && slack < total).toBe(true);
            expect(c).toBe(pointsBelow(stones, total, offset, weight));
            cases++;
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it('meets its definition at the widths the draw runs at (W up to 2^80, D up to 2^20)', () => {
    const random = new SplitMix64(0xc0_5eedn);
    for (let i = 0; i < 2000; i++) {
      const total = 1n + (random.next128() % (1n << BigInt(1 + random.below(80))));
      const stones = random.next64() % (1n << BigInt(random.below(21)));
      const offset = random.next128() % total;
      const weight = random.next128() % (total + 1n);
      const c = drawCount({ stones, total, offset }, weight);
      const slack = c * total + offset - stones * weight;
      expect(slack >= 0n && slack < total).toBe(true);
      expect(c >= 0n && c <= stones).toBe(true);
      // c(0) = 0 and c(W) = D since 0 <= U < W: the draw hands out all D stones and no more.
      expect(drawCount({ stones, total, offset }, 0n)).toBe(0n);
      expect(drawCount({ stones, total, offset }, total)).toBe(stones);
    }
  });

  it('never decreases in x, so no entrant wins a negative number of stones', () => {
    const draw = { stones: 13n, total: 97n, offset: 41n };
    let previous = -1n;
    for (let weight = 0n; weight <= draw.total; weight++) {
      const c = drawCount(draw, weight);
      expect(c >= previous).toBe(true);
      previous = c;
    }
  });

  it('is 0 when nobody entered (W = 0)', () => {
    expect(drawCount({ stones: 1000n, total: 0n, offset: 0n }, 0n)).toBe(0n);
  });

  it('refuses a cumulative weight outside [0, W] and an offset outside [0, W)', () => {
    const draw = { stones: 5n, total: 10n, offset: 3n };
    expect(() => drawCount(draw, -1n)).toThrow(RangeError);
    expect(() => drawCount(draw, 11n)).toThrow(RangeError);
    expect(() => drawCount({ ...draw, offset: -1n }, 4n)).toThrow(RangeError);
    expect(() => drawCount({ ...draw, offset: 10n }, 4n)).toThrow(RangeError);
    // The edges themselves are in range.
    expect(drawCount(draw, 0n)).toBe(0n);
    expect(drawCount(draw, 10n)).toBe(5n);
    expect(drawCount({ ...draw, offset: 9n }, 10n)).toBe(5n);
  });
});
