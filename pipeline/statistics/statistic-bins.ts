import { OTHER_REGION } from '../scoring/statistics-policy.js';

/** The public bins of the histograms, from the policy alone (never from the data). */

/** km_by_region: the policy's regions in its order, then "other". */
export function regionBins(regions: readonly string[]): string[] {
  return [...regions, OTHER_REGION];
}

/** trips_by_hour: the local hours "00" to "23". */
export function hourBins(): string[] {
  return Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
}

/** score_histogram: "0-499" for [0, 500), ..., and "4500+" for the open last bin. */
export function scoreBinLabels(edges: readonly number[]): string[] {
  return edges.map((low, i) => {
    const next = edges[i + 1];
    return next === undefined ? `${low}+` : `${low}-${next - 1}`;
  });
}
