import type { IntegerSampler } from './integer-sampler.js';
import { noiseHalfWidth, noiseParameter, type NoiseSpec, type Sensitivity } from './noise.js';
import type { PrivacyCost } from './privacy-accounting.js';
import type { Rational } from './rational.js';

/** A confidence interval for the true value: it holds it with probability at least `confidence`. */
export interface NoiseInterval {
  readonly low: bigint;
  readonly high: bigint;
  readonly confidence: number;
}

/** One released number: the true value plus noise, with what it cost and how accurate it is. */
export interface NoisyValue {
  /** The released value (true value + noise): the only number derived from the data. */
  readonly value: bigint;
  readonly mechanism: NoiseSpec['mechanism'];
  /** The noise parameter: the scale b of the discrete Laplace, or sigma of the discrete Gaussian. */
  readonly scale: Rational;
  readonly sensitivity: Sensitivity;
  /** value -/+ the exact half-width of the noise at the confidence (noise.ts). */
  readonly interval: NoiseInterval;
  /** What this release spends. */
  readonly cost: PrivacyCost;
}

/**
 * Draws `count` noises from the sampler, all of them before any value is looked at, so
 * that the sampling time (which depends on the noise, never on the data) ends before the
 * data is touched (see discrete-laplace.ts for what is and is not constant time).
 */
export function drawNoise(sampler: IntegerSampler, count: number): bigint[] {
  const noises = new Array<bigint>(count);
  for (let i = 0; i < count; i += 1) noises[i] = sampler.sample();
  return noises;
}

/** The parts of a NoisyValue shared by every value of one release. */
export interface ReleaseShape {
  readonly spec: NoiseSpec;
  readonly sensitivity: Sensitivity;
  readonly cost: PrivacyCost;
  readonly halfWidth: bigint;
  readonly confidence: number;
}

export function releaseShape(spec: NoiseSpec, sensitivity: Sensitivity, cost: PrivacyCost, confidence: number): ReleaseShape {
  return { spec, sensitivity, cost, halfWidth: noiseHalfWidth(spec, confidence), confidence };
}

export function noisyValue(shape: ReleaseShape, trueValue: bigint, noise: bigint): NoisyValue {
  const value = trueValue + noise;
  return {
    value,
    mechanism: shape.spec.mechanism,
    scale: noiseParameter(shape.spec),
    sensitivity: shape.sensitivity,
    interval: { low: value - shape.halfWidth, high: value + shape.halfWidth, confidence: shape.confidence },
    cost: shape.cost,
  };
}
