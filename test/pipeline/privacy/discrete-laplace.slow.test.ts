import { describe, expect, it } from 'vitest';
import { CryptoRandomSource, DiscreteLaplace, SeededRandomSource } from '../../../pipeline/privacy/index.js';
import { binProbabilities, chiSquare, draw, laplaceReference, momentZScores } from './sampler-statistics.js';
import { CHI_SQUARE_1E6, CHI_SQUARE_1E9, statisticalSuite, Z_LIMIT } from './sampler-suite.js';

// Lap_Z(b): P[x] = (1 - q)/(1 + q) q^|x|, q = exp(-1/b). Bins: `count` bins of `width` integers
// around 0 and the tail |x| > (count * width - 1)/2, each expecting at least 10 of the N samples.
statisticalSuite({ name: 'discrete Laplace', symbol: 'b', create: (b, source) => new DiscreteLaplace(b, source), reference: laplaceReference }, [
  { parameter: '0.3', binning: { width: 1, count: 5 } }, // tail |x| > 2: 2 q^3/(1+q) = 8.8e-5, 17 expected
  { parameter: '3', binning: { width: 1, count: 41 } }, // tail |x| > 20: 1.1e-3
  { parameter: '12.5', binning: { width: 3, count: 41 } }, // tail |x| > 61: 7.3e-3
  { parameter: '100', binning: { width: 11, count: 61 } }, // tail |x| > 335: 3.5e-2
  { parameter: '10000', binning: { width: 1001, count: 61 } }, // tail |x| > 30530: 4.7e-2
]);

describe('discrete Laplace: other paths and sources', () => {
  it('takes the BigInt path for scales whose fraction does not fit in 2^52, with the same distribution', () => {
    // b = 3 + 1e-19 = 30000000000000000001 / 10^19: t and s above 2^52, so every step is BigInt;
    // its PMF differs from b = 3 by less than 1e-18, far below what 50,000 samples can see.
    const n = 50_000;
    const samples = draw(new DiscreteLaplace('3.0000000000000000001', new SeededRandomSource('laplace big path')), n);
    const binning = { width: 1, count: 21 };
    const statistic = chiSquare(samples, binProbabilities(laplaceReference(3), binning), binning);
    expect(statistic).toBeLessThan(CHI_SQUARE_1E6[21] as number);
    expect(Math.abs(momentZScores(samples, laplaceReference(3)).secondMoment)).toBeLessThan(Z_LIMIT);
  });

  it('matches the PMF with node:crypto randomness too (b = 3, p = 1e-9)', () => {
    const samples = draw(new DiscreteLaplace('3', new CryptoRandomSource()), 200_000);
    const binning = { width: 1, count: 41 };
    expect(chiSquare(samples, binProbabilities(laplaceReference(3), binning), binning)).toBeLessThan(CHI_SQUARE_1E9[41] as number);
  });
});
