export {
  FEATURE_BITS,
  K_BITS,
  WEIGHT_BITS,
  SCORE_BITS,
  POOL_BITS,
  USERS_BITS,
  MAX_NOISE_COINS,
  COINS_PER_HASH,
  MAX_PERIOD_DAYS,
} from './circuit-bit-widths.js';
export { FEATURE_NAMES, type FeatureName } from './feature-names.js';
export { parseFormula, type Formula, type FeatureTerms, type FormulaPlan } from './parse-formula.js';
export { loadFormula, publishedFormulaPath, type LoadedFormula } from './load-formula.js';
export { canonicalFormulaJson, canonicalJson, formulaSha256, formulaJsonValue, type JsonValue } from './canonical-formula-json.js';
export {
  budgetRho,
  OTHER_REGION,
  releaseRhoBound,
  STATISTIC_NAMES,
  statisticsPolicyJsonValue,
  type StatisticBudget,
  type StatisticName,
  type StatisticsClamps,
  type StatisticsPolicy,
} from './statistics-policy.js';
export { formulaNumbers, formulaPoseidonHash, poseidonChainHash, FORMULA_HASH_CHUNK } from './formula-numbers.js';
export { dailyCapsOf } from './daily-caps-of.js';
export { scoreOf, type FeatureValues } from './score.js';
export { scoreSensitivity } from './score-sensitivity.js';
export { coinCount, coinHash, splitCoinHash, COIN_HASH_HIGH_LIMIT, type CoinHashSplit } from './coin-count.js';
export { quantiseScore, type QuantisedScore } from './quantised-score.js';
export { noisyScore } from './noisy-score.js';
export { beaconToField } from './beacon-to-field.js';
export { allocateAwards, type Awards } from './allocate-awards.js';
export {
  certifiedScoreEpsilon,
  latticeShift,
  leastCoinsForTarget,
  NEIGHBOUR_RELATION,
  scoreNoisePrivacy,
  type ScoreNoisePrivacy,
} from './score-noise-privacy.js';
export { checkScoreRelease, scoreRun, type Beacon, type ScoreRunOptions, type ScoreResult } from './score-run.js';
export { demoBeacon } from './demo-beacon.js';
export type { BeaconSource, BeaconRequest } from './beacon-source.js';
export { commandBeaconSource, BEACON_COMMAND_TIMEOUT_MS } from './command-beacon-source.js';
export { recordedBeacon } from './recorded-beacon.js';
export { isPeriodClosed, periodCloseOf } from './period-close.js';
export { checkScoreBudget, readScoreReleases, type ScoreRelease, type ScoreReleaseAccount } from './score-release.js';
export { noiseTradeoff, type NoiseTradeoffRow } from './noise-tradeoff.js';
