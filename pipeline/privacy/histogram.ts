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
  /**
   * Optionally, the most it adds over all bins together (also enforced by the caller): a
   * unit of at most L trips spread over any hours, say. Default k c (no bound of its own).
   */
  readonly maxTotalPerUnit?: bigint;
  readonly noise: NoiseSpec;
  readonly source: RandomSource;
  readonly confidence?: number;
}

export interface NoisyHistogram {
  readonly bins: readonly { readonly bin: string; readonly value: bigint; readonly interval: NoiseInterval }[];
  readonly mechanism: NoiseSpec['mechanism'];
  readonly scale: Rational;
  /**
   * For k = min(maxBinsPerUnit, bins) bins of at most c each and at most L = min(maxTotalPerUnit, k c)
   * in all: l1 = L and l2^2 = q c^2 + r^2 with L = q c + r, 0 <= r < c (k c and k c^2 without a total).
   */
  readonly sensitivity: Sensitivity;
  /** The whole histogram's cost (one release over all bins). */
  readonly cost: PrivacyCost;
}

/** The bounds of one unit's contribution to a histogram (HistogramInput's, with the number of bins). */
export interface HistogramBounds {
  readonly bins: number;
  readonly maxBinsPerUnit: bigint;
  readonly maxCountPerBin: bigint;
  readonly maxTotalPerUnit?: bigint;
}

/** The sensitivity of a histogram under these bounds (see NoisyHistogram.sensitivity), known before any data is. */
export function histogramSensitivity(bounds: HistogramBounds): Sensitivity {
  if (bounds.maxBinsPerUnit < 1n || bounds.maxCountPerBin < 1n) {
    throw new RangeError(`histogram: maxBinsPerUnit and maxCountPerBin must be at least 1, got ${bounds.maxBinsPerUnit} and ${bounds.maxCountPerBin}`);
  }
  if (bounds.maxTotalPerUnit !== undefined && bounds.maxTotalPerUnit < 1n) {
    throw new RangeError(`histogram: maxTotalPerUnit must be at least 1, got ${bounds.maxTotalPerUnit}`);
  }
  const k = bounds.maxBinsPerUnit < BigInt(bounds.bins) ? bounds.maxBinsPerUnit : BigInt(bounds.bins);
  const c = bounds.maxCountPerBin;
  const total = bounds.maxTotalPerUnit !== undefined && bounds.maxTotalPerUnit < k * c ? bounds.maxTotalPerUnit : k * c;
  const fullBins = total / c;
  const rest = total % c;
  return { l1: total, l2Squared: fullBins * c * c + rest * rest };
}

/**
 * A histogram over a public set of bins, with noise added to every bin (zero counts too, so
 * the set of non-empty bins is not revealed). One unit changes at most k bins by at most c
 * each: l1 sensitivity k c (Laplace: epsilon = k c / b), squared l2 sensitivity k c^2
 * (Gaussian: rho = k c^2 / (2 sigma^2)). With a total L per unit as well, l1 = L and the
 * squared l2 sensitivity is the largest sum of squares of at most k counts of at most c adding
 * up to at most L: q full bins and the rest in one, q c^2 + r^2 (L = q c + r); so a unit of
 * at most T trips over 24 hours has l1 = T and l2^2 = T^2, where k = c = T alone gives T^2 and T^3.
 * Every bin's interval is at the given confidence on its own.
 */
export function histogram(input: HistogramInput): NoisyHistogram {
  const bins = input.bins;
  if (new Set(bins).size !== bins.length) throw new RangeError('histogram: the public bins must be distinct');
  const sensitivity = histogramSensitivity({
    bins: bins.length,
    maxBinsPerUnit: input.maxBinsPerUnit,
    maxCountPerBin: input.maxCountPerBin,
    maxTotalPerUnit: input.maxTotalPerUnit,
  });
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
