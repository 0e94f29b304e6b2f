// What bundle/stats.json holds is its schema's (pipeline/formats/stats.ts): one definition for
// the writer here and every reader.
export type {
  CostJson,
  HistogramStatisticJson,
  IntervalJson,
  NoisedStatisticJson,
  RatioStatisticJson,
  ScalarStatisticJson,
  ScoreNoiseJson,
  SpentJson,
  StatisticsRelease,
} from '../formats/index.js';
