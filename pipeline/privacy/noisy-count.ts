import { createNoiseSampler, noiseCost, type NoiseSpec, type Sensitivity } from './noise.js';
import { drawNoise, noisyValue, releaseShape, type NoisyValue } from './noisy-value.js';
import type { RandomSource } from './random-source.js';

export interface NoisyCountInput {
  /** The true count, 0 or more. */
  readonly count: bigint;
  /** The most one privacy unit can change the count by (default 1: each unit is counted at most once). */
  readonly sensitivity?: bigint;
  readonly noise: NoiseSpec;
  readonly source: RandomSource;
  /** Of the interval (default 0.95). */
  readonly confidence?: number;
}

/**
 * A count released with discrete Laplace or discrete Gaussian noise. The released value is
 * count + noise, unclamped (it may be negative): clamping at 0 would bias small counts, and a
 * reader can clamp without any privacy cost.
 */
export function noisyCount(input: NoisyCountInput): NoisyValue {
  const delta = input.sensitivity ?? 1n;
  if (delta < 1n) throw new RangeError(`noisy count: the sensitivity must be at least 1, got ${delta}`);
  const [noise] = drawNoise(createNoiseSampler(input.noise, input.source), 1) as [bigint];
  if (input.count < 0n) throw new RangeError(`noisy count: the count must be 0 or more, got ${input.count}`);
  const sensitivity: Sensitivity = { l1: delta, l2Squared: delta * delta };
  const shape = releaseShape(input.noise, sensitivity, noiseCost(input.noise, sensitivity), input.confidence ?? 0.95);
  return noisyValue(shape, input.count, noise);
}
