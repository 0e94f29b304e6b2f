import { describe, expect, it } from 'vitest';
import {
  boundedSum,
  boundedSumSensitivity,
  clampContribution,
  clampedSum,
  DiscreteGaussian,
  DiscreteLaplace,
  gaussianNoise,
  histogram,
  laplaceNoise,
  noiseHalfWidth,
  noisyCount,
  noisyMean,
  parseRational,
  rational,
  SeededRandomSource,
} from '../../../pipeline/privacy/index.js';
import { gaussianReference, laplaceReference, type Reference } from './sampler-statistics.js';

/** P[|X| <= h] from the reference PMF. */
function coverage(reference: Reference, h: number): number {
  let mass = reference.pmf(0);
  for (let x = 1; x <= h; x += 1) mass += 2 * reference.pmf(x);
  return mass;
}

describe('noise half-widths (the 95% intervals)', () => {
  it('are the smallest h with P[|noise| <= h] >= 0.95, for the Laplace and the Gaussian', () => {
    for (const b of ['0.3', '1', '3', '12.5', '100', '10000']) {
      const h = Number(noiseHalfWidth(laplaceNoise(b)));
      const reference = laplaceReference(Number(b));
      expect(coverage(reference, h), `b = ${b}`).toBeGreaterThanOrEqual(0.95);
      if (h > 0) expect(coverage(reference, h - 1), `b = ${b}`).toBeLessThan(0.95);
    }
    // b = 1 by hand: P[|X| > h] = 2 e^-(h+1) / (1 + e^-1): 0.0728 at h = 2, 0.0268 at h = 3.
    expect(noiseHalfWidth(laplaceNoise('1'))).toBe(3n);
    for (const sigma of ['0.3', '0.5', '1', '3', '100', '10000']) {
      const h = Number(noiseHalfWidth(gaussianNoise(sigma)));
      const reference = gaussianReference(Number(sigma));
      expect(coverage(reference, h), `sigma = ${sigma}`).toBeGreaterThanOrEqual(0.95);
      if (h > 0) expect(coverage(reference, h - 1), `sigma = ${sigma}`).toBeLessThan(0.95);
    }
    expect(noiseHalfWidth(gaussianNoise('0.3'))).toBe(0n); // P[X = 0] = 0.992
    // Above sigma = 10^6: the subgaussian bound 2 exp(-h^2 / (2 sigma^2)) <= 0.05.
    expect(noiseHalfWidth(gaussianNoise('2000000'))).toBe(BigInt(Math.ceil(2e6 * Math.sqrt(2 * Math.log(40)))));
    expect(noiseHalfWidth(laplaceNoise('3'), 0.99)).toBeGreaterThan(noiseHalfWidth(laplaceNoise('3'), 0.95));
  });
});

describe('noisy count', () => {
  it('adds the first sample of the same sampler, and reports its cost and interval', () => {
    const release = noisyCount({ count: 1234n, noise: laplaceNoise('2'), source: new SeededRandomSource('count') });
    const noise = new DiscreteLaplace('2', new SeededRandomSource('count')).sample();
    expect(release.value).toBe(1234n + noise);
    expect(release.mechanism).toBe('discrete_laplace');
    expect(release.scale).toEqual(rational(2n));
    expect(release.sensitivity).toEqual({ l1: 1n, l2Squared: 1n });
    expect(release.cost).toEqual({ epsilon: rational(1n, 2n), rho: rational(1n, 8n) });
    const h = noiseHalfWidth(laplaceNoise('2'));
    expect(release.interval).toEqual({ low: release.value - h, high: release.value + h, confidence: 0.95 });

    const gaussian = noisyCount({ count: 10n, sensitivity: 2n, noise: gaussianNoise('4'), source: new SeededRandomSource('g') });
    expect(gaussian.value).toBe(10n + new DiscreteGaussian('4', new SeededRandomSource('g')).sample());
    expect(gaussian.cost).toEqual({ epsilon: null, rho: rational(4n, 32n) }); // 2^2 / (2 * 16)
  });

  it('holds the true count in 95% of its intervals (seeded, 4000 releases)', () => {
    const source = new SeededRandomSource('coverage');
    let inside = 0;
    for (let i = 0; i < 4000; i += 1) {
      const { interval } = noisyCount({ count: 50n, noise: laplaceNoise('3'), source });
      if (interval.low <= 50n && 50n <= interval.high) inside += 1;
    }
    // P[inside] >= 0.95: 4000 releases, 5 standard errors (0.0034 each) below 0.95 is 0.933.
    expect(inside / 4000).toBeGreaterThan(0.933);
  });

  it('refuses a negative count or a sensitivity below 1', () => {
    const source = new SeededRandomSource('x');
    expect(() => noisyCount({ count: -1n, noise: laplaceNoise('1'), source })).toThrow(RangeError);
    expect(() => noisyCount({ count: 1n, sensitivity: 0n, noise: laplaceNoise('1'), source })).toThrow(RangeError);
  });
});

describe('bounded sum', () => {
  it('clamps each contribution first and calibrates to max(|lower|, |upper|)', () => {
    const bounds = { lower: -5n, upper: 3n };
    expect(clampContribution(10n, bounds)).toBe(3n);
    expect(clampContribution(-10n, bounds)).toBe(-5n);
    expect(clampContribution(1n, bounds)).toBe(1n);
    expect(clampedSum([10n, -10n, 1n, 2n], bounds)).toBe(1n);
    expect(boundedSumSensitivity(bounds)).toBe(5n);
    expect(boundedSumSensitivity({ lower: 0n, upper: 60n })).toBe(60n);
    expect(() => boundedSumSensitivity({ lower: 2n, upper: 1n })).toThrow(RangeError);

    const release = boundedSum({ sum: 1000n, bounds: { lower: 0n, upper: 60n }, noise: laplaceNoise('120'), source: new SeededRandomSource('sum') });
    expect(release.value).toBe(1000n + new DiscreteLaplace('120', new SeededRandomSource('sum')).sample());
    expect(release.sensitivity).toEqual({ l1: 60n, l2Squared: 3600n });
    expect(release.cost.epsilon).toEqual(rational(1n, 2n));
  });
});

describe('noisy mean', () => {
  it('is a noisy sum over a noisy count, clamped to the bounds, with both costs composed', () => {
    const mean = noisyMean({
      sum: 30_000n,
      count: 1000n,
      bounds: { lower: 0n, upper: 60n },
      sumNoise: laplaceNoise('120'),
      countNoise: laplaceNoise('2'),
      source: new SeededRandomSource('mean'),
    });
    expect(mean.value).toBeCloseTo(Number(mean.sum.value) / Number(mean.count.value), 12);
    expect(mean.value).toBeGreaterThan(29);
    expect(mean.value).toBeLessThan(31);
    expect(mean.cost).toEqual({ epsilon: rational(1n), rho: rational(1n, 4n) }); // 60/120 + 1/2; 1/8 + 1/8
    expect(mean.sum.interval.confidence).toBe(0.975); // each part at 1 - 0.05/2
    expect(mean.interval.confidence).toBe(0.95);
    expect(mean.interval.low).toBeLessThanOrEqual(mean.value as number);
    expect(mean.interval.high).toBeGreaterThanOrEqual(mean.value as number);
    expect(mean.interval.low).toBeGreaterThan(25);
    expect(mean.interval.high).toBeLessThan(35);
  });

  it('has no value and the whole range as interval when the count is too noisy', () => {
    const mean = noisyMean({
      sum: 0n,
      count: 0n,
      bounds: { lower: -1n, upper: 1n },
      sumNoise: gaussianNoise('1'),
      countNoise: gaussianNoise('1000'),
      source: new SeededRandomSource('empty'),
    });
    expect(mean.value === null).toBe(mean.count.value < 1n);
    expect(mean.interval).toEqual({ low: -1, high: 1, confidence: 0.95 });
    expect(mean.cost.epsilon).toBeNull();
  });
});

describe('histogram', () => {
  it('adds noise to every public bin, in order, ignores other keys, and costs k c (Laplace) or k c^2 (Gaussian)', () => {
    const bins = ['north', 'south', 'east', 'west'];
    const counts = new Map([
      ['north', 10n],
      ['east', 3n],
      ['not-a-bin', 99n],
    ]);
    const result = histogram({ bins, counts, maxBinsPerUnit: 2n, maxCountPerBin: 3n, noise: laplaceNoise('12'), source: new SeededRandomSource('hist') });
    const sampler = new DiscreteLaplace('12', new SeededRandomSource('hist'));
    const noises = bins.map(() => sampler.sample());
    expect(result.bins.map((b) => b.bin)).toEqual(bins);
    expect(result.bins.map((b) => b.value)).toEqual([10n + (noises[0] as bigint), noises[1], 3n + (noises[2] as bigint), noises[3]]);
    expect(result.sensitivity).toEqual({ l1: 6n, l2Squared: 18n });
    expect(result.cost.epsilon).toEqual(rational(1n, 2n)); // 6 / 12
    const gaussian = histogram({ bins, counts, maxBinsPerUnit: 9n, maxCountPerBin: 1n, noise: gaussianNoise('2'), source: new SeededRandomSource('h') });
    expect(gaussian.sensitivity).toEqual({ l1: 4n, l2Squared: 4n }); // k = min(9, 4 bins)
    expect(gaussian.cost).toEqual({ epsilon: null, rho: rational(1n, 2n) }); // 4 / (2 * 4)
  });

  it('refuses repeated bins, negative counts and bounds below 1', () => {
    const source = new SeededRandomSource('x');
    const base = { counts: new Map<string, bigint>(), maxBinsPerUnit: 1n, maxCountPerBin: 1n, noise: laplaceNoise(parseRational('1')), source };
    expect(() => histogram({ ...base, bins: ['a', 'a'] })).toThrow(RangeError);
    expect(() => histogram({ ...base, bins: ['a'], counts: new Map([['a', -1n]]) })).toThrow(RangeError);
    expect(() => histogram({ ...base, bins: ['a'], maxCountPerBin: 0n })).toThrow(RangeError);
  });
});

describe('parameters far from the usual', () => {
  it('still samples and gives intervals for huge and tiny scales (BigInt paths)', () => {
    const source = new SeededRandomSource('extremes');
    const huge = new DiscreteLaplace('1e20', source);
    const x = huge.sample();
    expect(typeof x).toBe('bigint');
    expect(noiseHalfWidth(laplaceNoise('1e20'))).toBeGreaterThan(2n ** 60n);
    const tiny = new DiscreteLaplace('1e-30', source);
    expect(Array.from({ length: 20 }, () => tiny.sample())).toEqual(Array.from({ length: 20 }, () => 0n));
    expect(noiseHalfWidth(laplaceNoise('1e-30'))).toBe(0n);
    const wide = new DiscreteGaussian('1e20', source);
    expect(typeof wide.sample()).toBe('bigint');
    expect(new DiscreteGaussian('1e-9', source).sample()).toBe(0n);
  });
});
