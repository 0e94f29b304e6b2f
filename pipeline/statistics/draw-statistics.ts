import { boundedSum } from '../privacy/bounded-sum.js';
import { compare as compareRational, rationalToNumber } from '../privacy/rational.js';
import { histogram } from '../privacy/histogram.js';
import { noiseParameter } from '../privacy/noise.js';
import { noisyCount } from '../privacy/noisy-count.js';
import type { NoiseInterval } from '../privacy/noisy-value.js';
import type { PrivacyCost } from '../privacy/privacy-accounting.js';
import type { RandomSource } from '../privacy/random-source.js';
import type { StatisticName, StatisticsPolicy } from '../scoring/statistics-policy.js';
import { costJson, exactText } from './exact-text.js';
import type { PlannedStatistic, ReleasePlan } from './release-plan.js';
import type { HistogramStatisticJson, IntervalJson, NoisedStatisticJson, ScalarStatisticJson } from './statistics-release.js';
import type { TrueStatistics } from './true-statistics.js';

/**
 * Draws the noise of every statistic of the plan with the privacy mechanisms (each draws its
 * noise before it reads the true value) and returns what stats.json publishes: the noisy
 * values only. Every statistic goes through a mechanism; nothing is released raw.
 */
export function drawStatistics(plan: ReleasePlan, truth: TrueStatistics, policy: StatisticsPolicy, source: RandomSource): NoisedStatisticJson[] {
  return plan.statistics.map((planned) => drawOne(planned, truth, policy, source, plan.confidence));
}

function drawOne(planned: PlannedStatistic, truth: TrueStatistics, policy: StatisticsPolicy, source: RandomSource, confidence: number): NoisedStatisticJson {
  const { name, noise } = planned;
  const base = {
    name,
    kind: planned.kind,
    description: describeStatistic(name, policy),
    mechanism: noise.mechanism,
    scale: exactText(noiseParameter(noise)),
    scale_value: rationalToNumber(noiseParameter(noise)),
    sensitivity: { l1: planned.sensitivity.l1.toString(), l2_squared: planned.sensitivity.l2Squared.toString() },
    cost: costJson(planned.cost),
  };
  if (planned.kind === 'histogram') {
    const bounds = planned.histogram!;
    const released = histogram({
      bins: bounds.labels,
      counts: histogramCounts(name, truth),
      maxBinsPerUnit: bounds.maxBinsPerUnit,
      maxCountPerBin: bounds.maxCountPerBin,
      maxTotalPerUnit: bounds.maxTotalPerUnit,
      noise,
      source,
      confidence,
    });
    checkCost(name, released.cost, planned.cost);
    const statistic: HistogramStatisticJson = {
      ...base,
      kind: 'histogram' as const,
      per_user_day: {
        max_bins: bounds.maxBinsPerUnit.toString(),
        max_per_bin: bounds.maxCountPerBin.toString(),
        max_total: released.sensitivity.l1.toString(),
      },
      bins: released.bins.map(({ bin, value, interval }) => ({ bin, value: value.toString(), interval: intervalJson(interval) })),
    };
    return statistic;
  }
  const perUnit = planned.perUnit!;
  const released =
    planned.kind === 'count'
      ? noisyCount({ count: scalarValue(name, truth), sensitivity: perUnit, noise, source, confidence })
      : boundedSum({ sum: scalarValue(name, truth), bounds: { lower: 0n, upper: perUnit }, noise, source, confidence });
  checkCost(name, released.cost, planned.cost);
  const statistic: ScalarStatisticJson = {
    ...base,
    kind: planned.kind,
    per_user_day: perUnit.toString(),
    value: released.value.toString(),
    interval: intervalJson(released.interval),
  };
  return statistic;
}

function scalarValue(name: StatisticName, truth: TrueStatistics): bigint {
  if (name === 'active_users') return truth.activeUsers;
  if (name === 'total_km') return truth.totalKm;
  if (name === 'total_adas_km') return truth.totalAdasKm;
  throw new Error(`statistics: ${name} is not a count or a sum`);
}

function histogramCounts(name: StatisticName, truth: TrueStatistics): ReadonlyMap<string, bigint> {
  if (name === 'km_by_region') return truth.kmByRegion;
  if (name === 'trips_by_hour') return truth.tripsByHour;
  if (name === 'score_histogram') return truth.scoreHistogram;
  throw new Error(`statistics: ${name} is not a histogram`);
}

/** The budget was checked against the plan's cost: the mechanism must spend exactly that. */
function checkCost(name: StatisticName, spent: PrivacyCost, planned: PrivacyCost): void {
  const sameEpsilon =
    spent.epsilon === null || planned.epsilon === null ? spent.epsilon === planned.epsilon : compareRational(spent.epsilon, planned.epsilon) === 0;
  if (compareRational(spent.rho, planned.rho) !== 0 || !sameEpsilon) throw new Error(`statistics: ${name} cost differs from its plan`);
}

function intervalJson(interval: NoiseInterval): IntervalJson {
  return { low: interval.low.toString(), high: interval.high.toString() };
}

/** What each statistic is, in one line of stats.json. */
function describeStatistic(name: StatisticName, policy: StatisticsPolicy): string {
  const { clamps } = policy;
  switch (name) {
    case 'active_users':
      return 'users with at least one trip in the period';
    case 'total_km':
      return `km driven in the period, each user-day counted up to ${clamps.km_per_day} km (whole km, rounded down)`;
    case 'total_adas_km':
      return `km driven with driver assistance, each user-day counted up to ${clamps.adas_km_per_day} km`;
    case 'km_by_region':
      return `km by region, each user-day counted up to ${clamps.km_per_day} km over at most ${clamps.regions_per_day} regions; other or no region: "other"`;
    case 'trips_by_hour':
      return `trips by hour of their start in the period's time zone, at most ${clamps.trips_per_day} trips of each user-day`;
    case 'score_histogram':
      return "the run's users by score (before the score noise), in the policy's public bins";
  }
}
