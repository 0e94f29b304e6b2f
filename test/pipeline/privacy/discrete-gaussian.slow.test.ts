import { describe, expect, it } from 'vitest';
import { CryptoRandomSource, DiscreteGaussian, SeededRandomSource } from '../../../pipeline/privacy/index.js';
import { binProbabilities, chiSquare, draw, gaussianReference, momentZScores } from './sampler-statistics.js';
import { CHI_SQUARE_1E6, CHI_SQUARE_1E9, statisticalSuite, Z_LIMIT } from './sampler-suite.js';

// N_Z(0, sigma^2): P[x] = exp(-x^2/(2 sigma^2)) / Z, Z summed over |x| <= 12 sigma + 12 (the rest
// is below 1e-12). Bins: `count` bins of `width` integers around 0 and the tail beyond.
statisticalSuite({ name: 'discrete Gaussian', symbol: 'sigma', create: (sigma, source) => new DiscreteGaussian(sigma, source), reference: gaussianReference }, [
  { parameter: '0.3', binning: { width: 1, count: 1 } }, // {0} and |x| >= 1: 7.7e-3 (|x| >= 2 is 4e-10)
  { parameter: '0.5', binning: { width: 1, count: 3 } }, // tail |x| >= 2: 5.3e-4
  { parameter: '3', binning: { width: 1, count: 21 } }, // tail |x| > 10: 4.4e-4
  { parameter: '100', binning: { width: 9, count: 61 } }, // tail |x| > 274: 6.1e-3
  { parameter: '10000', binning: { width: 901, count: 61 } }, // tail |x| > 27480: 6.0e-3
]);

describe('discrete Gaussian: other paths and sources', () => {
  it('takes the BigInt path when sigma^2 does not fit in 2^52, with the same distribution', () => {
    // sigma = 3 + 1e-19: sigma^2 = p/q with p and q near 10^38, so gamma is computed in BigInt;
    // its PMF differs from sigma = 3 by less than 1e-18.
    const n = 50_000;
    const samples = draw(new DiscreteGaussian('3.0000000000000000001', new SeededRandomSource('gaussian big path')), n);
    const binning = { width: 1, count: 21 };
    expect(chiSquare(samples, binProbabilities(gaussianReference(3), binning), binning)).toBeLessThan(CHI_SQUARE_1E6[21] as number);
    expect(Math.abs(momentZScores(samples, gaussianReference(3)).secondMoment)).toBeLessThan(Z_LIMIT);
  });

  it('matches the PMF with node:crypto randomness too (sigma = 3, p = 1e-9)', () => {
    const samples = draw(new DiscreteGaussian('3', new CryptoRandomSource()), 200_000);
    const binning = { width: 1, count: 21 };
    expect(chiSquare(samples, binProbabilities(gaussianReference(3), binning), binning)).toBeLessThan(CHI_SQUARE_1E9[21] as number);
  });
});
