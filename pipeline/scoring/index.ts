export {
  FEATURE_BITS,
  K_BITS,
  WEIGHT_BITS,
  SCORE_BITS,
  POOL_BITS,
  USERS_BITS,
  MAX_NOISE_COINS,
  COINS_PER_HASH,
} from './circuit-bit-widths.js';
export { FEATURE_NAMES, type FeatureName } from './feature-names.js';
export { parseFormula, type Formula } from './parse-formula.js';
export { loadFormula, publishedFormulaPath, type LoadedFormula } from './load-formula.js';
export { canonicalFormulaJson, formulaSha256 } from './canonical-formula-json.js';
export {
  STATISTIC_NAMES,
  type StatisticName,
  type StatisticsPolicy,
} from './statistics-policy.js';
export { formulaDrawOf, formulaNumbers, formulaPoseidonHash, poseidonChainHash } from './formula-numbers.js';
export { dailyCapsOf } from './daily-caps-of.js';
export { scoreOf, type FeatureValues } from './score.js';
export { scoreSensitivity } from './score-sensitivity.js';
export { coinCount, coinHash, splitCoinHash, COIN_HASH_HIGH_LIMIT } from './coin-count.js';
export { quantiseScore } from './quantised-score.js';
export { noisyScore } from './noisy-score.js';
export { beaconToField } from './beacon-to-field.js';
export { allocateAwards } from './allocate-awards.js';
export {
  certifiedScoreEpsilon,
  latticeShift,
  leastCoinsForTarget,
  NEIGHBOUR_RELATION,
  scoreNoisePrivacy,
} from './score-noise-privacy.js';
export { checkScoreRelease, scoreRun, type Beacon, type DrawSummary, type ScoreResult } from './score-run.js';
export { demoBeacon } from './demo-beacon.js';
export { recordedBeacon } from './recorded-beacon.js';
export { isPeriodClosed, periodCloseOf } from './period-close.js';
export { readScoreReleases } from './score-release.js';
export { noiseTradeoff } from './noise-tradeoff.js';
