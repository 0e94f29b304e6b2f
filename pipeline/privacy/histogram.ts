import { createNoiseSampler, noiseCost, noiseParameter, type NoiseSpec, type Sensitivity } from './noise.js';
import { drawNoise, noisyValue, releaseShape, type NoiseInterval } from './noisy-value.js';
import type { PrivacyCost } from './privacy-accounting.js';
import type { RandomSource } from './random-source.js';
import type { Rational } from './rational.js';

export interface HistogramInput {
  /** The public bins, in the order to release them: fixed before the data is seen, never derived from it. */
  readonly bins: readonly string[];
  /** True counts by bin. A public bin missing here counts 0; a key that is not a public bin is ignored (never released). */
  readonly counts: ReadonlyMap<string, bigint>;
  /** The most bins one privacy unit contributes to ... */
  readonly maxBinsPerUnit: bigint;
  /** ... and the most it adds to any one bin. The caller enforces both before counting. */
  readonly maxCountPerBin: bigint;
  readonly noise: NoiseSpec;
  readonly source: RandomSource;
  readonly confidence?: number;
}

export interface NoisyHistogram {
  readonly bins: readonly { readonly bin: string; readonly value: bigint; readonly interval: NoiseInterval }[];
  readonly mechanism: NoiseSpec['mechanism'];
  readonly scale: Rational;
  /** l1 = k c and l2^2 = k c^2, for k = min(maxBinsPerUnit, bins) bins of at most c each. */
  readonly sensitivity: Sensitivity;
  /** The whole histogram's cost (one release over all bins). */
  readonly cost: PrivacyCost;
}

/**
 * A histogram over a public set of bins, with noise added to every bin (zero counts too, so
 * the set of non-empty bins is not revealed). One unit changes at most k bins by at most c
 * each: l1 sensitivity k c (Laplace: epsilon = k c / b), squared l2 sensitivity k c^2
 * (Gaussian: rho = k c^2 / (2 sigma^2)). Every bin's interval is at the given confidence on its own.
 */
export function histogram(input: HistogramInput): NoisyHistogram {
  const bins = input.bins;
  if (new Set(bins).size !== bins.length) throw new RangeError('histogram: the public bins must be distinct');
  if (input.maxBinsPerUnit < 1n || input.maxCountPerBin < 1n) {
    throw new RangeError(`histogram: maxBinsPerUnit and maxCountPerBin must be at least 1, got ${input.maxBinsPerUnit} and ${input.maxCountPerBin}`);
  }
  const k = input.maxBinsPerUnit < BigInt(bins.length) ? input.maxBinsPerUnit : BigInt(bins.length);
  const c = input.maxCountPerBin;
  const sensitivity: Sensitivity = { l1: k * c, l2Squared: k * c * c };
  const cost = noiseCost(input.noise, sensitivity);
  const noises = drawNoise(createNoiseSampler(input.noise, input.source), bins.length);
  const shape = releaseShape(input.noise, sensitivity, cost, input.confidence ?? 0.95);
  const released = bins.map((bin, i) => {
    const count = input.counts.get(bin) ?? 0n;
    if (count < 0n) throw new RangeError(`histogram: the count of bin "${bin}" is negative`);
    const { value, interval } = noisyValue(shape, count, noises[i] as bigint);
    return { bin, value, interval };
  });
  return { bins: released, mechanism: input.noise.mechanism, scale: noiseParameter(input.noise), sensitivity, cost };
}
