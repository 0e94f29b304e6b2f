export {
  binomialMechanismConstants,
  binomialMechanismEpsilon,
} from './binomial-mechanism.js';
export {
  binomialDelta,
  binomialDeltaAt,
  binomialEpsilon,
  binomialNoiseSd,
  expLowerBound,
  leastCoins,
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
  multiply as multiplyRational,
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
  pureToZcdp,
  zcdpDelta,
  zcdpEpsilon,
  type PrivacyCost,
} from './privacy-accounting.js';
export {
  createNoiseSampler,
  gaussianNoise,
  laplaceNoise,
  noiseHalfWidth,
  type NoiseSpec,
} from './noise.js';
export { noisyCount } from './noisy-count.js';
export {
  boundedSum,
  boundedSumSensitivity,
  clampContribution,
  clampedSum,
} from './bounded-sum.js';
export { noisyMean } from './noisy-mean.js';
export { histogram, histogramSensitivity } from './histogram.js';
