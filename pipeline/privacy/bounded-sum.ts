import { createNoiseSampler, noiseCost, type NoiseSpec, type Sensitivity } from './noise.js';
import { drawNoise, noisyValue, releaseShape, type NoisyValue } from './noisy-value.js';
import type { RandomSource } from './random-source.js';

/** The public range each privacy unit's whole contribution is clamped to. */
export interface ContributionBounds {
  readonly lower: bigint;
  readonly upper: bigint;
}

function checkBounds(bounds: ContributionBounds): void {
  if (bounds.lower > bounds.upper) throw new RangeError(`bounded sum: lower bound ${bounds.lower} is above upper bound ${bounds.upper}`);
}

/** One unit's contribution clamped to the bounds: min(max(value, lower), upper). */
export function clampContribution(value: bigint, bounds: ContributionBounds): bigint {
  checkBounds(bounds);
  return value < bounds.lower ? bounds.lower : value > bounds.upper ? bounds.upper : value;
}

/** The sum of the units' contributions, each clamped first (one entry per privacy unit, its total). */
export function clampedSum(contributions: Iterable<bigint>, bounds: ContributionBounds): bigint {
  let sum = 0n;
  for (const value of contributions) sum += clampContribution(value, bounds);
  return sum;
}

/**
 * The sensitivity of a sum of clamped contributions when one privacy unit is added or
 * removed (the neighbouring relation of the pipeline): max(|lower|, |upper|).
 */
export function boundedSumSensitivity(bounds: ContributionBounds): bigint {
  checkBounds(bounds);
  const low = bounds.lower < 0n ? -bounds.lower : bounds.lower;
  const high = bounds.upper < 0n ? -bounds.upper : bounds.upper;
  return low > high ? low : high;
}

export interface BoundedSumInput {
  /**
   * The true sum of the units' contributions, EACH CLAMPED to `bounds` first (per unit, its
   * whole contribution: clampedSum, or LEAST/GREATEST on a per-unit total in SQL). The
   * guarantee rests on that clamping; it cannot be checked from the sum.
   */
  readonly sum: bigint;
  readonly bounds: ContributionBounds;
  readonly noise: NoiseSpec;
  readonly source: RandomSource;
  readonly confidence?: number;
}

/** A sum of clamped contributions, released with noise calibrated to max(|lower|, |upper|). */
export function boundedSum(input: BoundedSumInput): NoisyValue {
  const delta = boundedSumSensitivity(input.bounds);
  const [noise] = drawNoise(createNoiseSampler(input.noise, input.source), 1) as [bigint];
  const sensitivity: Sensitivity = { l1: delta, l2Squared: delta * delta };
  const shape = releaseShape(input.noise, sensitivity, noiseCost(input.noise, sensitivity), input.confidence ?? 0.95);
  return noisyValue(shape, input.sum, noise);
}
