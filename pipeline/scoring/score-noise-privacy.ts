import { binomialEpsilon, binomialNoiseSd, leastCoins } from '../privacy/binomial-accountant.js';
import { MAX_NOISE_COINS } from './circuit-bit-widths.js';
import type { Formula } from './formula.js';
import { scoreSensitivity } from './score-sensitivity.js';

/** The privacy and the noise of one release of a period's scores, as the manifest reports them. */
export interface ScoreNoisePrivacy {
  /** Certified epsilon per user-day and release (the exact accountant, rounded up to 1e-4). */
  epsilon: number;
  /** The formula's target: epsilon never exceeds it (parseFormula refuses a formula that would). */
  targetEpsilon: number;
  delta: number;
  /** scoreSensitivity(formula): the most one user-day moves a score. */
  sensitivity: bigint;
  k: number;
  n: number;
  /** ceil(sensitivity / k): the most one user-day moves q = floor(score / k), in lattice steps. */
  latticeShift: number;
  /** The noise's standard deviation in score units, k * sqrt(n) / 2 (before the clamp at 0). */
  noiseSd: number;
}

/** ceil(sensitivity / k): how many lattice steps one user-day can move the quantised score. */
export function latticeShift(sensitivity: bigint, k: number): number {
  return Number((sensitivity + BigInt(k) - 1n) / BigInt(k));
}

// parseFormula asks for the same figures again and again (verify, tests): the accountant is
// exact BigInt arithmetic, so its answers are cached.
const epsilonCache = new Map<string, number>();

/**
 * The certified epsilon of one release: the exact binomial accountant for Binomial(n, 1/2) and
 * every integer shift 1..ceil(sensitivity / k) in both directions, at `delta`. A zero
 * sensitivity (no weight on driving) costs nothing.
 */
export function certifiedScoreEpsilon(sensitivity: bigint, k: number, n: number, delta: number): number {
  const maxShift = latticeShift(sensitivity, k);
  if (maxShift === 0) return 0;
  const key = `${n}:${maxShift}:${delta}`;
  let epsilon = epsilonCache.get(key);
  if (epsilon === undefined) {
    epsilon = binomialEpsilon({ n, maxShift, delta });
    epsilonCache.set(key, epsilon);
  }
  return epsilon;
}

/** The least even n (at most MAX_NOISE_COINS) whose certified epsilon meets the target, or undefined. */
export function leastCoinsForTarget(sensitivity: bigint, k: number, target: { epsilon: number; delta: number }): number | undefined {
  const maxShift = latticeShift(sensitivity, k);
  if (maxShift === 0) return 2;
  return leastCoins({ epsilon: target.epsilon, delta: target.delta, maxShift, maxN: MAX_NOISE_COINS });
}

/**
 * The (epsilon, delta) of one noisy score, per user-day: the published k * max(0, q + C - n/2)
 * is post-processing of q + C, a binomial mechanism whose input q moves by at most
 * latticeShift steps when one user-day is added or removed. Awards and totals are
 * post-processing of the noisy scores and cost nothing more. This holds as long as the coins
 * are unpredictable to whoever does not know the owner's salt (Poseidon as a pseudo-random
 * function of a secret salt).
 */
export function scoreNoisePrivacy(formula: Formula): ScoreNoisePrivacy {
  const sensitivity = scoreSensitivity(formula);
  const { k, n, delta, epsilon: targetEpsilon } = formula.noise;
  return {
    epsilon: certifiedScoreEpsilon(sensitivity, k, n, delta),
    targetEpsilon,
    delta,
    sensitivity,
    k,
    n,
    latticeShift: latticeShift(sensitivity, k),
    noiseSd: binomialNoiseSd(k, n),
  };
}

/**
 * The neighbour relation the published epsilon holds for, as the manifest states it: the
 * privacy unit is one day of one owner's driving, and the enrolment list is not protected (it
 * is the list of lines).
 */
export const NEIGHBOUR_RELATION =
  'two datasets are neighbours when they differ in all the trips of one owner on one local day (that day added or removed); ' +
  'the enrolment list (who is enrolled, since when) is the same in both: every enrolled owner has a line, so the lines and ' +
  'their number do not depend on driving, and tenure counts from the enrolment date';
