import { describe, expect, it } from 'vitest';
import { Prng } from '../../../pipeline/generate/prng.js';

const draw = (rng: Prng, count: number) => Array.from({ length: count }, () => rng.nextUint32());

describe('Prng', () => {
  it('repeats the same stream for the same seed and stream id', () => {
    expect(draw(Prng.forStream(42, 7), 100)).toEqual(draw(Prng.forStream(42, 7), 100));
  });

  it('gives different streams for different seeds or stream ids, including seeds above 2^32', () => {
    const base = draw(Prng.forStream(42, 7), 8);
    expect(draw(Prng.forStream(43, 7), 8)).not.toEqual(base);
    expect(draw(Prng.forStream(42, 8), 8)).not.toEqual(base);
    expect(draw(Prng.forStream(42 + 2 ** 32, 7), 8)).not.toEqual(base);
  });

  it('pins the first outputs, so a change to the generator is noticed', () => {
    expect(draw(Prng.forStream(1, 1), 3)).toMatchInlineSnapshot(`
      [
        980909954,
        446651025,
        2530702706,
      ]
    `);
  });

  it('draws uniform numbers in [0, 1) with the expected mean', () => {
    const rng = Prng.forStream(5, 0);
    const values = Array.from({ length: 100_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('keeps integers, normals and skewed values in their ranges', () => {
    const rng = Prng.forStream(9, 3);
    const integers = new Set(Array.from({ length: 10_000 }, () => rng.integer(2, 5)));
    expect([...integers].sort()).toEqual([2, 3, 4, 5]);
    for (let i = 0; i < 10_000; i++) {
      const normal = rng.normal(10, 2);
      expect(normal).toBeGreaterThanOrEqual(4);
      expect(normal).toBeLessThanOrEqual(16);
      const skewed = rng.skewed(3, 60);
      expect(skewed).toBeGreaterThanOrEqual(3);
      expect(skewed).toBeLessThan(60);
    }
  });

  it('picks by weight', () => {
    const rng = Prng.forStream(1, 2);
    const items = [
      { name: 'a', weight: 0.8 },
      { name: 'b', weight: 0.2 },
    ];
    const picks = Array.from({ length: 10_000 }, () => rng.pickWeighted(items).name);
    const share = picks.filter((name) => name === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.77);
    expect(share).toBeLessThan(0.83);
  });
});
