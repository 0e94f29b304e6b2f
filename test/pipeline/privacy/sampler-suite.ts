import { describe, expect, it } from 'vitest';
import {
  multiplyRational,
  parseRational,
  rational,
  rationalToNumber,
  SeededRandomSource,
  type IntegerSampler,
  type Rational,
  type RandomSource,
} from '../../../pipeline/privacy/index.js';
import { binProbabilities, chiSquare, chiSquareSurvival, draw, momentZScores, type Binning, type Reference } from './sampler-statistics.js';

/** Samples per test, fixed. */
const N = 200_000;
/** |z| above this rejects the mean and the second-moment tests (two-sided p = 5.7e-7). */
export const Z_LIMIT = 5;
/** Critical values of chi-square at p = 1e-6 by degrees of freedom (scipy.stats.chi2.isf(1e-6, df)), checked below. */
export const CHI_SQUARE_1E6: Readonly<Record<number, number>> = { 1: 23.93, 3: 30.66, 5: 35.89, 21: 67.15, 41: 99.17, 61: 128.52 };
/** ... and at p = 1e-9, for the tests on the unseeded node:crypto source (which could otherwise fail by chance). */
export const CHI_SQUARE_1E9: Readonly<Record<number, number>> = { 21: 85.38, 41: 120.33 };

export interface StatisticalCase {
  /** The scale (Laplace) or sigma (Gaussian), as the CLI takes it. */
  parameter: string;
  binning: Binning;
}

export interface SamplerUnderTest {
  name: string;
  symbol: string;
  create(parameter: Rational, source: RandomSource): IntegerSampler;
  reference(parameter: number): Reference;
}

/** A sample whose positive side comes from the 1.1x sampler: |X'| or -|X| with a fair coin (an asymmetric sampler). */
function asymmetric(nominal: IntegerSampler, wider: IntegerSampler, source: RandomSource, n: number): Float64Array {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i += 1) samples[i] = source.nextBit() === 1 ? Math.abs(wider.next()) : -Math.abs(nominal.next());
  return samples;
}

/**
 * For each case, with a seeded source (reproducible): N samples against the exact PMF
 * (chi-square over the central bins plus the tail bin below the p = 1e-6 critical value,
 * mean and E[X^2] within Z_LIMIT standard errors), then the same tests shown to have power:
 * N samples at 1.1 times the parameter are rejected by the chi-square and by E[X^2], and the
 * mean test rejects a sampler whose positive side alone is 1.1 times wider.
 */
export function statisticalSuite(sampler: SamplerUnderTest, cases: readonly StatisticalCase[]): void {
  describe(`${sampler.name}: statistical tests (N = ${N})`, () => {
    it('uses chi-square critical values that are the p = 1e-6 (and 1e-9) quantiles', () => {
      for (const [df, critical] of Object.entries(CHI_SQUARE_1E6)) expect(chiSquareSurvival(critical, Number(df)) / 1e-6).toBeCloseTo(1, 1);
      for (const [df, critical] of Object.entries(CHI_SQUARE_1E9)) expect(chiSquareSurvival(critical, Number(df)) / 1e-9).toBeCloseTo(1, 1);
    });

    for (const testCase of cases) {
      const parameter = parseRational(testCase.parameter);
      const reference = sampler.reference(rationalToNumber(parameter));
      const probabilities = binProbabilities(reference, testCase.binning);
      const df = testCase.binning.count;
      const critical = CHI_SQUARE_1E6[df] as number;
      const label = `${sampler.symbol} = ${testCase.parameter}`;

      it(`matches the exact PMF at ${label}: chi-square over ${testCase.binning.count} bins of ${testCase.binning.width} + the tail (df ${df}, p = 1e-6), mean, E[X^2]`, () => {
        expect(critical).toBeDefined();
        expect(Math.min(...probabilities) * N, 'every bin expects at least 10 samples').toBeGreaterThanOrEqual(10);
        const samples = draw(sampler.create(parameter, new SeededRandomSource(`${sampler.name} ${testCase.parameter}`)), N);
        expect(samples.every((x) => Number.isInteger(x))).toBe(true);
        expect(chiSquare(samples, probabilities, testCase.binning)).toBeLessThan(critical);
        const z = momentZScores(samples, reference);
        expect(Math.abs(z.mean)).toBeLessThan(Z_LIMIT);
        expect(Math.abs(z.secondMoment)).toBeLessThan(Z_LIMIT);
      });

      it(`has power at ${label}: rejects the sampler at 1.1 ${sampler.symbol} (chi-square, E[X^2]) and a one-sided 1.1x one (mean)`, () => {
        const wider = multiplyRational(parameter, rational(11n, 10n));
        const source = new SeededRandomSource(`${sampler.name} ${testCase.parameter} x 1.1`);
        const off = draw(sampler.create(wider, source), N);
        expect(chiSquare(off, probabilities, testCase.binning)).toBeGreaterThan(critical);
        expect(Math.abs(momentZScores(off, reference).secondMoment)).toBeGreaterThan(Z_LIMIT);
        const skewed = asymmetric(sampler.create(parameter, source), sampler.create(wider, source), source, N);
        expect(Math.abs(momentZScores(skewed, reference).mean)).toBeGreaterThan(Z_LIMIT);
      });
    }
  });
}
