import { DiscreteGaussian } from './discrete-gaussian.js';
import { DiscreteLaplace } from './discrete-laplace.js';
import type { IntegerSampler } from './integer-sampler.js';
import { gaussianCost, laplaceCost, type PrivacyCost } from './privacy-accounting.js';
import type { RandomSource } from './random-source.js';
import { formatRational, parseRational, rationalToNumber, type Rational } from './rational.js';

/** Which noise a release adds, with its exact parameter. */
export type NoiseSpec =
  | { readonly mechanism: 'discrete_laplace'; readonly scale: Rational }
  | { readonly mechanism: 'discrete_gaussian'; readonly sigma: Rational };

/** Discrete Laplace noise with scale b (P[x] proportional to exp(-|x| / b)); b as a Rational or "0.5", "12.5", "1/3". */
export function laplaceNoise(scale: Rational | string): NoiseSpec {
  const b = typeof scale === 'string' ? parseRational(scale) : scale;
  if (b.num <= 0n) throw new RangeError(`discrete Laplace: the scale must be positive, got ${formatRational(b)}`);
  return { mechanism: 'discrete_laplace', scale: b };
}

/** Discrete Gaussian noise with sigma (P[x] proportional to exp(-x^2 / (2 sigma^2))). */
export function gaussianNoise(sigma: Rational | string): NoiseSpec {
  const s = typeof sigma === 'string' ? parseRational(sigma) : sigma;
  if (s.num <= 0n) throw new RangeError(`discrete Gaussian: sigma must be positive, got ${formatRational(s)}`);
  return { mechanism: 'discrete_gaussian', sigma: s };
}

/** The noise parameter: the Laplace scale b or the Gaussian sigma. */
export function noiseParameter(spec: NoiseSpec): Rational {
  return spec.mechanism === 'discrete_laplace' ? spec.scale : spec.sigma;
}

/** The sampler of a noise spec: the very samplers `stones privacy sample` prints from. */
export function createNoiseSampler(spec: NoiseSpec, source: RandomSource): IntegerSampler {
  return spec.mechanism === 'discrete_laplace' ? new DiscreteLaplace(spec.scale, source) : new DiscreteGaussian(spec.sigma, source);
}

/** The sensitivities of a query: l1 (what the Laplace needs) and the square of l2 (what the Gaussian needs). */
export interface Sensitivity {
  readonly l1: bigint;
  readonly l2Squared: bigint;
}

/** The privacy cost of adding this noise to a query of these sensitivities. */
export function noiseCost(spec: NoiseSpec, sensitivity: Sensitivity): PrivacyCost {
  return spec.mechanism === 'discrete_laplace' ? laplaceCost(sensitivity.l1, spec.scale) : gaussianCost(sensitivity.l2Squared, spec.sigma);
}

const SUBGAUSSIAN_ABOVE_SIGMA = 1e6;

/**
 * The smallest h >= 0 with P[|noise| <= h] >= confidence, so that [released - h, released + h]
 * holds the true value with at least that probability.
 *
 * - Discrete Laplace: P[|X| > h] = 2 q^(h+1) / (1 + q) with q = exp(-1/b), exactly; solved in
 *   doubles and then checked at h and h - 1 (above h = 2^40, where doubles cannot step by one,
 *   the estimate is returned plus one).
 * - Discrete Gaussian: the distribution's own mass, summed in doubles from 0 outwards, the
 *   normalising constant by Poisson summation, sum_x exp(-x^2/(2 sigma^2)) =
 *   sigma sqrt(2 pi) (1 + 2 sum_k exp(-2 pi^2 sigma^2 k^2)), for sigma >= 1 (directly below).
 *   Above sigma = 10^6 the documented tail bound P[|X| >= h] <= 2 exp(-h^2 / (2 sigma^2))
 *   (the discrete Gaussian is sigma^2-subgaussian, CKS20) gives a slightly wider interval.
 *
 * Doubles are fine here: the interval describes accuracy; it is not part of the privacy proof.
 */
export function noiseHalfWidth(spec: NoiseSpec, confidence = 0.95): bigint {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const alpha = 1 - confidence;
  if (spec.mechanism === 'discrete_laplace') {
    const b = rationalToNumber(spec.scale);
    const q = Math.exp(-1 / b);
    const tail = (h: number): number => (2 * Math.exp(-(h + 1) / b)) / (1 + q);
    const estimate = Math.ceil(b * Math.log(2 / (alpha * (1 + q)))); // the smallest h + 1, up to rounding
    if (estimate > 2 ** 40) return BigInt(estimate); // one more than needed, where a double cannot count in ones
    let h = Math.max(0, estimate - 1);
    while (tail(h) > alpha) h += 1;
    while (h > 0 && tail(h - 1) <= alpha) h -= 1;
    return BigInt(h);
  }
  const sigma = rationalToNumber(spec.sigma);
  if (sigma > SUBGAUSSIAN_ABOVE_SIGMA) return BigInt(Math.ceil(sigma * Math.sqrt(2 * Math.log(2 / alpha))));
  const twoVariance = 2 * sigma * sigma;
  let total: number;
  if (sigma >= 1) {
    let theta = 1;
    for (let k = 1; k <= 4; k += 1) theta += 2 * Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * k * k);
    total = sigma * Math.sqrt(2 * Math.PI) * theta;
  } else {
    total = 1;
    for (let x = 1; x <= 64; x += 1) total += 2 * Math.exp(-(x * x) / twoVariance);
  }
  let mass = 1;
  let h = 0;
  const last = Math.ceil(40 * sigma) + 64; // far past any confidence a double can tell from 1
  while (mass / total < confidence && h < last) {
    h += 1;
    mass += 2 * Math.exp(-(h * h) / twoVariance);
  }
  return BigInt(h);
}
