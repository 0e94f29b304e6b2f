import { boundedSum, type ContributionBounds } from './bounded-sum.js';
import type { NoiseSpec } from './noise.js';
import { noisyCount } from './noisy-count.js';
import type { NoisyValue } from './noisy-value.js';
import { composeCosts, type PrivacyCost } from './privacy-accounting.js';
import type { RandomSource } from './random-source.js';

export interface NoisyMeanInput {
  /** The true sum of the units' contributions, each clamped to `bounds` first (see boundedSum). */
  readonly sum: bigint;
  /** The true number of units. */
  readonly count: bigint;
  readonly bounds: ContributionBounds;
  /** Noise of the sum (calibrated to max(|lower|, |upper|)) and of the count (sensitivity 1). */
  readonly sumNoise: NoiseSpec;
  readonly countNoise: NoiseSpec;
  readonly source: RandomSource;
  /** Of the mean's interval (default 0.95). */
  readonly confidence?: number;
}

export interface NoisyMean {
  /**
   * noisy sum / noisy count, clamped to [lower, upper] (every clamped mean lies there); null
   * when the noisy count is below 1. A double: the division is post-processing of two
   * released integers, at no privacy cost.
   */
  readonly value: number | null;
  readonly sum: NoisyValue;
  readonly count: NoisyValue;
  /**
   * Holds the true mean with probability at least `confidence`: each of sum and count gets
   * an interval at 1 - (1 - confidence)/2 (union bound), and the mean's is the range of
   * sum / count over both; [lower, upper] when the count's interval reaches below 1.
   */
  readonly interval: { readonly low: number; readonly high: number; readonly confidence: number };
  /** The sum's cost plus the count's. */
  readonly cost: PrivacyCost;
}

/** A mean as a noisy sum over a noisy count (two releases, composed). */
export function noisyMean(input: NoisyMeanInput): NoisyMean {
  const confidence = input.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`noisy mean: confidence must be in (0, 1), got ${confidence}`);
  const each = 1 - (1 - confidence) / 2;
  const sum = boundedSum({ sum: input.sum, bounds: input.bounds, noise: input.sumNoise, source: input.source, confidence: each });
  const count = noisyCount({ count: input.count, noise: input.countNoise, source: input.source, confidence: each });
  const lower = Number(input.bounds.lower);
  const upper = Number(input.bounds.upper);
  const clamp = (x: number): number => Math.min(upper, Math.max(lower, x));
  const value = count.value >= 1n ? clamp(Number(sum.value) / Number(count.value)) : null;
  let interval = { low: lower, high: upper, confidence };
  if (count.interval.low >= 1n) {
    const corners = [sum.interval.low, sum.interval.high].flatMap((s) => [count.interval.low, count.interval.high].map((c) => Number(s) / Number(c)));
    interval = { low: clamp(Math.min(...corners)), high: clamp(Math.max(...corners)), confidence };
  }
  return { value, sum, count, interval, cost: composeCosts([sum.cost, count.cost]) };
}
