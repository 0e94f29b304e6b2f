export {
  binomialMechanismConstants,
  binomialMechanismEpsilon,
  type BinomialMechanismParameters,
  type BinomialMechanismPrivacy,
} from './binomial-mechanism.js';
export {
  binomialDelta,
  binomialDeltaAt,
  binomialEpsilon,
  binomialNoiseSd,
  expLowerBound,
  leastCoins,
  type BinomialEpsilonInput,
  type LeastCoinsInput,
} from './binomial-accountant.js';
export {
  add as addRational,
  compare as compareRational,
  divide as divideRational,
  doubleToRational,
  floorRational,
  floorSqrt,
  formatRational,
  integerSqrt,
  isPositive as isPositiveRational,
  multiply as multiplyRational,
  ONE as RATIONAL_ONE,
  parseRational,
  rational,
  rationalToNumber,
  rationalToNumberUp,
  subtract as subtractRational,
  ZERO as RATIONAL_ZERO,
  type Rational,
} from './rational.js';
export { CryptoRandomSource, RandomSource, SeededRandomSource } from './random-source.js';
export { bernoulli } from './bernoulli.js';
export { bernoulliExp } from './bernoulli-exp.js';
export type { IntegerSampler } from './integer-sampler.js';
export { DiscreteLaplace } from './discrete-laplace.js';
export { DiscreteGaussian } from './discrete-gaussian.js';
export {
  approximateDp,
  bunSteinkeEpsilon,
  composeCosts,
  gaussianCost,
  gaussianRho,
  gaussianSigmaForRho,
  laplaceCost,
  laplaceEpsilon,
  laplaceScaleForEpsilon,
  NO_COST,
  pureToZcdp,
  zcdpDelta,
  zcdpEpsilon,
  type ApproximateDp,
  type PrivacyCost,
} from './privacy-accounting.js';
export {
  createNoiseSampler,
  gaussianNoise,
  laplaceNoise,
  noiseCost,
  noiseHalfWidth,
  noiseParameter,
  type NoiseSpec,
  type Sensitivity,
} from './noise.js';
export type { NoiseInterval, NoisyValue } from './noisy-value.js';
export { noisyCount, type NoisyCountInput } from './noisy-count.js';
export {
  boundedSum,
  boundedSumSensitivity,
  clampContribution,
  clampedSum,
  type BoundedSumInput,
  type ContributionBounds,
} from './bounded-sum.js';
export { noisyMean, type NoisyMean, type NoisyMeanInput } from './noisy-mean.js';
export { histogram, histogramSensitivity, type HistogramBounds, type HistogramInput, type NoisyHistogram } from './histogram.js';
