import { describe, expect, it } from 'vitest';
import { gaussianNoise, histogram, histogramSensitivity, laplaceNoise, SeededRandomSource } from '../../../pipeline/privacy/index.js';

// A histogram whose units add at most L in all (maxTotalPerUnit): l1 = min(L, k c) and
// l2^2 = the largest sum of squares of at most k counts of at most c adding up to that.

describe('histogramSensitivity', () => {
  it('is k c and k c^2 without a total', () => {
    expect(histogramSensitivity({ bins: 24, maxBinsPerUnit: 8n, maxCountPerBin: 8n })).toEqual({ l1: 64n, l2Squared: 512n });
    expect(histogramSensitivity({ bins: 3, maxBinsPerUnit: 8n, maxCountPerBin: 2n })).toEqual({ l1: 6n, l2Squared: 12n }); // k = 3 bins
  });

  it('is L and L^2 for a total L that may all go to one bin', () => {
    expect(histogramSensitivity({ bins: 24, maxBinsPerUnit: 8n, maxCountPerBin: 8n, maxTotalPerUnit: 8n })).toEqual({ l1: 8n, l2Squared: 64n });
    expect(histogramSensitivity({ bins: 8, maxBinsPerUnit: 2n, maxCountPerBin: 300n, maxTotalPerUnit: 300n })).toEqual({ l1: 300n, l2Squared: 90000n });
  });

  it('fills whole bins first when the total is above the per-bin bound', () => {
    // L = 7, c = 3: 3 + 3 + 1, so l2^2 = 9 + 9 + 1.
    expect(histogramSensitivity({ bins: 10, maxBinsPerUnit: 5n, maxCountPerBin: 3n, maxTotalPerUnit: 7n })).toEqual({ l1: 7n, l2Squared: 19n });
    // A total above k c changes nothing.
    expect(histogramSensitivity({ bins: 10, maxBinsPerUnit: 2n, maxCountPerBin: 3n, maxTotalPerUnit: 100n })).toEqual({ l1: 6n, l2Squared: 18n });
  });

  it('is brute-force tight: no contribution within the bounds has a larger l1 or l2^2, and one reaches both', () => {
    for (const [bins, k, c, total] of [
      [4, 3, 3, 5],
      [3, 3, 2, 4],
      [5, 2, 4, 3],
      [4, 4, 1, 2],
    ] as const) {
      let l1 = 0;
      let l2 = 0;
      const visit = (prefix: number[]): void => {
        if (prefix.length === bins) {
          const used = prefix.filter((x) => x > 0).length;
          const sum = prefix.reduce((a, b) => a + b, 0);
          if (used <= k && sum <= total) {
            l1 = Math.max(l1, sum);
            l2 = Math.max(
              l2,
              prefix.reduce((a, b) => a + b * b, 0),
            );
          }
          return;
        }
        for (let x = 0; x <= c; x += 1) visit([...prefix, x]);
      };
      visit([]);
      const bounds = { bins, maxBinsPerUnit: BigInt(k), maxCountPerBin: BigInt(c), maxTotalPerUnit: BigInt(total) };
      expect(histogramSensitivity(bounds), JSON.stringify([bins, k, c, total])).toEqual({ l1: BigInt(l1), l2Squared: BigInt(l2) });
    }
  });

  it('is what histogram() charges for', () => {
    const base = {
      bins: ['a', 'b', 'c'],
      counts: new Map([['a', 4n]]),
      maxBinsPerUnit: 3n,
      maxCountPerBin: 4n,
      maxTotalPerUnit: 4n,
      source: new SeededRandomSource('t'),
    };
    const laplace = histogram({ ...base, noise: laplaceNoise('8') });
    expect(laplace.sensitivity).toEqual({ l1: 4n, l2Squared: 16n });
    expect(laplace.cost.epsilon).toEqual({ num: 1n, den: 2n });
    const gaussian = histogram({ ...base, noise: gaussianNoise('2') });
    expect(gaussian.cost.rho).toEqual({ num: 2n, den: 1n }); // 16 / (2 * 4)
    expect(() => histogramSensitivity({ bins: 3, maxBinsPerUnit: 1n, maxCountPerBin: 1n, maxTotalPerUnit: 0n })).toThrow(RangeError);
  });
});
