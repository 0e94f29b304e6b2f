import type { DrandChain } from '../drand/drand-chain.js';
import type { FeatureName } from './feature-names.js';
import type { StatisticsPolicy } from './statistics-policy.js';

/**
 * How one feature enters the score: weight * min(feature, cap); daily_cap bounds what one day
 * of driving adds to it (0 for tenure, which counts from the enrolment date, not from driving).
 */
export interface FeatureTerms {
  readonly weight: number;
  readonly cap: number;
  readonly daily_cap: number;
}

/**
 * The published formula of a period (formula.json, keys as in the file). Every number but
 * `pool` and `noise.delta` is a whole number small enough for a JavaScript number; the
 * arithmetic of the score is done in BigInt.
 */
export interface Formula {
  readonly id: string;
  readonly version: number;
  /** Stones shared out in the period. */
  readonly pool: bigint;
  /** In canonical order (FEATURE_NAMES). */
  readonly features: Readonly<Record<FeatureName, FeatureTerms>>;
  /**
   * Binomial noise on the lattice kZ: noisy = k * max(0, floor(score / k) + C - n/2), C the
   * number of ones among n public-beacon coins. `epsilon` and `delta` are the target per
   * user-day and release; n meets it (certified by the exact accountant).
   */
  readonly noise: { readonly k: number; readonly n: number; readonly epsilon: number; readonly delta: number };
  /** Users per batch proof. */
  readonly batch_size: number;
  readonly privacy_unit: 'user_day';
  /**
   * When scores are released: once per period, at its close (the period's end plus
   * `grace_days` for late files); a further release of the period (a correction) is charged
   * to the period's ledger and refused once the releases' epsilons would add up to more than
   * `period_epsilon`.
   */
  readonly release: { readonly grace_days: number; readonly period_epsilon: number };
  /**
   * The privacy policy of the fleet statistics (statistics-policy.ts): optional in the
   * schema, present in the published formula. Without it a run publishes no statistics.
   */
  readonly statistics?: StatisticsPolicy;
  /**
   * The programme's plan for a year (optional): `periods` consecutive months from
   * `first_period`, each releasing `pool`, `total` in all (pool x periods, written out so the
   * published figure is there to read). `stones verify-chain` holds the runs to it.
   */
  readonly plan?: FormulaPlan;
  /**
   * The period's draw of stones for crystals (pipeline/draw): `stones` D offered each period,
   * `crystals_per_entry` and `max_entries` per owner. Without a draw section the formula
   * offers none (D = 0, no entries), and every owner's draw numbers are 0.
   */
  readonly draw?: FormulaDraw;
  /**
   * Where a run's beacon comes from (optional): the first round of the pinned drand network
   * produced at least `margin_seconds` after the block that anchored the run's data root on
   * chain. `stones verify` checks the round's BLS signature against this key and its time
   * against the anchor; without this section only the demo beacon exists, and verify refuses
   * it unless told --allow-demo-beacon.
   */
  readonly beacon?: FormulaBeacon;
}

export interface FormulaBeacon {
  readonly drand: DrandChain;
  readonly margin_seconds: number;
}

export interface FormulaDraw {
  readonly stones: number;
  readonly crystals_per_entry: number;
  readonly max_entries: number;
}

export interface FormulaPlan {
  readonly first_period: string;
  readonly periods: number;
  readonly total: bigint;
}
