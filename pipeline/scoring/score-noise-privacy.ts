import { binomialMechanismEpsilon } from '../privacy/index.js';
import type { Formula } from './parse-formula.js';
import { scoreSensitivity } from './score-sensitivity.js';

export interface ScoreNoisePrivacy {
  /** Epsilon per user-day and period by Theorem 1 of cpSGD; Infinity when its condition fails. */
  epsilon: number;
  delta: number;
  /** scoreSensitivity(formula). */
  sensitivity: bigint;
  /** Whether N p (1 - p) >= max(23 ln(10 / delta), 2 sensitivity / k). */
  conditionHolds: boolean;
}

/**
 * The (epsilon, delta) of one noisy score: the binomial mechanism with one coordinate (d = 1,
 * each user's score gets its own coins), p = 1/2, N = n coins, scale k, and l1 = l2 = linf =
 * the score sensitivity of one user-day. Awards and totals are post-processing of the noisy
 * scores and cost nothing more. This holds as long as the coins are unpredictable to whoever
 * does not know the user's salt (Poseidon as a pseudo-random function of a secret salt).
 */
export function scoreNoisePrivacy(formula: Formula): ScoreNoisePrivacy {
  const sensitivity = scoreSensitivity(formula);
  const sensitivityNumber = Number(sensitivity);
  const { epsilon, delta, conditionHolds } = binomialMechanismEpsilon({
    n: formula.noise.n,
    p: 0.5,
    scale: formula.noise.k,
    l1: sensitivityNumber,
    l2: sensitivityNumber,
    linf: sensitivityNumber,
    delta: formula.noise.delta,
    dimension: 1,
  });
  return { epsilon: conditionHolds ? epsilon : Infinity, delta, sensitivity, conditionHolds };
}
