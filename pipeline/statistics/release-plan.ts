import { composeCosts, gaussianSigmaForRho, laplaceScaleForEpsilon, type PrivacyCost } from '../privacy/privacy-accounting.js';
import { gaussianNoise, laplaceNoise, noiseCost, type NoiseSpec, type Sensitivity } from '../privacy/noise.js';
import { histogramSensitivity, type HistogramBounds } from '../privacy/histogram.js';
import { parseRational } from '../privacy/rational.js';
import { STATISTIC_NAMES, type StatisticBudget, type StatisticName, type StatisticsPolicy } from '../scoring/statistics-policy.js';
import { hourBins, regionBins, scoreBinLabels } from './statistic-bins.js';

/** One statistic as it will be released: its noise and what it costs, from the policy alone. */
export interface PlannedStatistic {
  readonly name: StatisticName;
  readonly kind: 'count' | 'sum' | 'histogram';
  readonly noise: NoiseSpec;
  readonly sensitivity: Sensitivity;
  readonly cost: PrivacyCost;
  /** count and sum: the most one user-day adds (the sum's clamp; 1 for the count). */
  readonly perUnit?: bigint;
  /** histogram: the public bins and the bounds each user-day's contribution is held to. */
  readonly histogram?: HistogramBounds & { readonly labels: readonly string[] };
}

/** Every statistic of a release, and their composed cost: all known before the data is read or any noise drawn. */
export interface ReleasePlan {
  readonly statistics: readonly PlannedStatistic[];
  readonly cost: PrivacyCost;
  readonly confidence: number;
}

/**
 * The sensitivity of each statistic to one user-day (pipeline/statistics/README.md says why),
 * and the noise its budget share buys: the smallest Gaussian sigma (6 decimals, rounded up)
 * whose rho is at most the share, or the Laplace scale whose epsilon is exactly the share.
 */
export function planRelease(policy: StatisticsPolicy): ReleasePlan {
  const { clamps } = policy;
  const km = BigInt(clamps.km_per_day);
  const trips = BigInt(clamps.trips_per_day);
  const regionLabels = regionBins(policy.regions);
  const hourLabels = hourBins();
  const scoreLabels = scoreBinLabels(policy.score_bin_edges);
  const scalar = (perUnit: bigint): Sensitivity => ({ l1: perUnit, l2Squared: perUnit * perUnit });
  const bounds: Record<
    StatisticName,
    { kind: PlannedStatistic['kind']; sensitivity: Sensitivity; perUnit?: bigint; histogram?: PlannedStatistic['histogram'] }
  > = {
    active_users: { kind: 'count', sensitivity: scalar(1n), perUnit: 1n },
    total_km: { kind: 'sum', sensitivity: scalar(km), perUnit: km },
    total_adas_km: { kind: 'sum', sensitivity: scalar(BigInt(clamps.adas_km_per_day)), perUnit: BigInt(clamps.adas_km_per_day) },
    km_by_region: histogramBounds(regionLabels, BigInt(clamps.regions_per_day), km, km),
    trips_by_hour: histogramBounds(hourLabels, trips, trips, trips),
    score_histogram: histogramBounds(scoreLabels, 2n, 1n),
  };
  const statistics = STATISTIC_NAMES.map((name): PlannedStatistic => {
    const { kind, sensitivity, perUnit, histogram } = bounds[name];
    const noise = noiseFor(policy.releases[name], sensitivity);
    return {
      name,
      kind,
      noise,
      sensitivity,
      cost: noiseCost(noise, sensitivity),
      ...(perUnit === undefined ? {} : { perUnit }),
      ...(histogram ? { histogram } : {}),
    };
  });
  return { statistics, cost: composeCosts(statistics.map((s) => s.cost)), confidence: policy.confidence };
}

function histogramBounds(
  labels: readonly string[],
  maxBinsPerUnit: bigint,
  maxCountPerBin: bigint,
  maxTotalPerUnit?: bigint,
): { kind: 'histogram'; sensitivity: Sensitivity; histogram: PlannedStatistic['histogram'] } {
  const histogram = { labels, bins: labels.length, maxBinsPerUnit, maxCountPerBin, ...(maxTotalPerUnit === undefined ? {} : { maxTotalPerUnit }) };
  return { kind: 'histogram', sensitivity: histogramSensitivity(histogram), histogram };
}

function noiseFor(budget: StatisticBudget, sensitivity: Sensitivity): NoiseSpec {
  return budget.mechanism === 'discrete_gaussian'
    ? gaussianNoise(gaussianSigmaForRho(sensitivity.l2Squared, parseRational(budget.rho)))
    : laplaceNoise(laplaceScaleForEpsilon(sensitivity.l1, parseRational(budget.epsilon)));
}
