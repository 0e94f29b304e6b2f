import { gaussianNoise, laplaceNoise, noiseHalfWidth, type NoiseSpec } from '../privacy/noise.js';
import { parseRational } from '../privacy/rational.js';
import type { StatisticName } from '../scoring/statistics-policy.js';
import type { NoisedStatisticJson, RatioStatisticJson, ScalarStatisticJson } from './statistics-release.js';

/**
 * The statistics computed from released ones only: post-processing, so they cost nothing and
 * need no noise of their own. Both are a noisy sum over a noisy count or sum:
 * - adas_share = total_adas_km / total_km, in [0, 1] (a user-day's clamped ADAS km never
 *   exceed its clamped km: ADAS km <= km per trip, and the ADAS clamp is at most the km clamp);
 * - km_per_active_user = total_km / active_users, in [0, km_per_day x days of the period].
 */
export function deriveStatistics(released: readonly NoisedStatisticJson[], confidence: number, limits: { kmPerActiveUser: number }): RatioStatisticJson[] {
  const scalar = (name: StatisticName): ScalarStatisticJson => {
    const found = released.find((s) => s.name === name);
    if (!found || found.kind === 'histogram') throw new Error(`statistics: no released ${name} to derive from`);
    return found;
  };
  return [
    ratio(
      'adas_share',
      'share of the km driven with driver assistance: total_adas_km / total_km (post-processing, no budget)',
      scalar('total_adas_km'),
      scalar('total_km'),
      confidence,
      1,
    ),
    ratio(
      'km_per_active_user',
      'mean km per active user: total_km / active_users, a noisy sum over a noisy count (post-processing, no budget)',
      scalar('total_km'),
      scalar('active_users'),
      confidence,
      limits.kmPerActiveUser,
    ),
  ];
}

function ratio(
  name: RatioStatisticJson['name'],
  description: string,
  numerator: ScalarStatisticJson,
  denominator: ScalarStatisticJson,
  confidence: number,
  upper: number,
): RatioStatisticJson {
  const clamp = (x: number): number => Math.min(upper, Math.max(0, x));
  const n = Number(numerator.value);
  const d = Number(denominator.value);
  // Each released value within its interval at 1 - (1 - confidence)/2: both at once with probability >= confidence.
  const each = 1 - (1 - confidence) / 2;
  const hn = Number(noiseHalfWidth(noiseOf(numerator), each));
  const hd = Number(noiseHalfWidth(noiseOf(denominator), each));
  let interval: RatioStatisticJson['interval'] = null;
  if (d - hd >= 1) {
    const corners = [n - hn, n + hn].flatMap((x) => [d - hd, d + hd].map((y) => x / y));
    interval = { low: clamp(Math.min(...corners)), high: clamp(Math.max(...corners)) };
  }
  return {
    name,
    kind: 'ratio',
    description,
    numerator: numerator.name,
    denominator: denominator.name,
    value: d >= 1 ? clamp(n / d) : null,
    interval,
    cost: null,
  };
}

/** The noise a released statistic was drawn with, from its published mechanism and scale. */
function noiseOf(statistic: ScalarStatisticJson): NoiseSpec {
  const scale = parseRational(statistic.scale);
  return statistic.mechanism === 'discrete_laplace' ? laplaceNoise(scale) : gaussianNoise(scale);
}
