import type { IntegerSampler } from '../../../pipeline/privacy/index.js';

/**
 * The reference side of the statistical tests: exact probability mass functions (in doubles,
 * with the neglected tail documented), bins, the chi-square statistic, moment bounds and the
 * chi-square survival function that checks the critical values written in the tests.
 */

/** A symmetric distribution on the integers: P[X = x] for any x, and a cutoff beyond which the mass is below 1e-12. */
export interface Reference {
  pmf(x: number): number;
  /** P[|X| > cutoff] < 1e-12. */
  cutoff: number;
}

/** Lap_Z(b): P[x] = (1 - q)/(1 + q) q^|x|, q = exp(-1/b), exactly normalised (a geometric series). */
export function laplaceReference(b: number): Reference {
  const q = Math.exp(-1 / b);
  const c = (1 - q) / (1 + q);
  // P[|X| > C] = 2 q^(C+1)/(1+q) <= 2 exp(-(C+1)/b) < 1e-12 once C + 1 > b ln(2e12) (about 28.3 b).
  return { pmf: (x) => c * Math.exp(-Math.abs(x) / b), cutoff: Math.ceil(30 * b) + 30 };
}

/**
 * N_Z(0, sigma^2): P[x] = exp(-x^2/(2 sigma^2)) / Z, Z summed over |x| <= C, C = ceil(12 sigma) + 12.
 * The mass left out is at most 2 sum_{x > C} exp(-x^2/(2 sigma^2)) <= 2 exp(-C^2/(2 sigma^2)) / (1 - exp(-C/sigma^2)),
 * below e^-72 * 2 / (1 - e^(-12/sigma)) < 1e-12 of Z for every sigma used here (0.3 to 10^4).
 */
export function gaussianReference(sigma: number): Reference {
  const twoVariance = 2 * sigma * sigma;
  const cutoff = Math.ceil(12 * sigma) + 12;
  let z = 1;
  for (let x = 1; x <= cutoff; x += 1) z += 2 * Math.exp(-(x * x) / twoVariance);
  return { pmf: (x) => Math.exp(-(x * x) / twoVariance) / z, cutoff };
}

/**
 * `count` central bins of `width` integers each (both odd), covering [-R, R] with
 * R = (count * width - 1)/2, plus one tail bin |x| > R: count + 1 bins, count degrees of freedom.
 */
export interface Binning {
  width: number;
  count: number;
}

function radius(binning: Binning): number {
  if (binning.width % 2 !== 1 || binning.count % 2 !== 1) throw new Error('bins: width and count must be odd, so that 0 is the middle of the middle bin');
  return (binning.count * binning.width - 1) / 2;
}

/** The probability of each bin, the tail last (summed in the direction of increasing mass). */
export function binProbabilities(reference: Reference, binning: Binning): number[] {
  const r = radius(binning);
  const probabilities: number[] = [];
  for (let i = 0; i < binning.count; i += 1) {
    const low = -r + i * binning.width;
    let p = 0;
    for (let x = low; x < low + binning.width; x += 1) p += reference.pmf(x);
    probabilities.push(p);
  }
  let tail = 0;
  for (let x = reference.cutoff; x > r; x -= 1) tail += 2 * reference.pmf(x);
  probabilities.push(tail);
  return probabilities;
}

/** Pearson's statistic sum (O - E)^2 / E over the bins. */
export function chiSquare(samples: Float64Array, probabilities: readonly number[], binning: Binning): number {
  const observed = new Array<number>(probabilities.length).fill(0);
  const r = radius(binning);
  for (const x of samples) {
    const bin = Math.abs(x) > r ? binning.count : Math.floor((x + r) / binning.width);
    observed[bin] = (observed[bin] as number) + 1;
  }
  let statistic = 0;
  probabilities.forEach((p, i) => {
    const expected = p * samples.length;
    statistic += ((observed[i] as number) - expected) ** 2 / expected;
  });
  return statistic;
}

/** E[X^2] and E[X^4] (the mean is 0 by symmetry). */
function moments(reference: Reference): { m2: number; m4: number } {
  let m2 = 0;
  let m4 = 0;
  for (let x = reference.cutoff; x >= 1; x -= 1) {
    const p = 2 * reference.pmf(x);
    m2 += p * x * x;
    m4 += p * x ** 4;
  }
  return { m2, m4 };
}

/** How many standard errors the sample mean is from 0, and the sample E[X^2] from m2. */
export function momentZScores(samples: Float64Array, reference: Reference): { mean: number; secondMoment: number } {
  const { m2, m4 } = moments(reference);
  let sum = 0;
  let squares = 0;
  for (const x of samples) {
    sum += x;
    squares += x * x;
  }
  const n = samples.length;
  return { mean: sum / n / Math.sqrt(m2 / n), secondMoment: (squares / n - m2) / Math.sqrt((m4 - m2 * m2) / n) };
}

export function draw(sampler: IntegerSampler, n: number): Float64Array {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i += 1) samples[i] = sampler.next();
  return samples;
}

/** Q(a, x), the regularized upper incomplete gamma function (series or continued fraction, Numerical Recipes 6.2). */
function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n += 1) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P[chi-square with df degrees of freedom > x]. */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}

/** ln Gamma(a) for a > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
function logGamma(a: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const z = a - 1;
  let s = c[0] as number;
  for (let i = 1; i < g + 2; i += 1) s += (c[i] as number) / (z + i);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
