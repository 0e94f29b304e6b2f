import { binomialNoiseSd } from '../privacy/binomial-accountant.js';
import { MAX_NOISE_COINS } from './circuit-bit-widths.js';
import type { Formula } from './formula.js';
import { certifiedScoreEpsilon, latticeShift } from './score-noise-privacy.js';
import { scoreSensitivity } from './score-sensitivity.js';

/** One row of the trade-off between privacy and noise, for a lattice step k and n coins. */
export interface NoiseTradeoffRow {
  k: number;
  n: number;
  latticeShift: number;
  /** Certified per user-day and release at the formula's delta (Infinity: no epsilon holds). */
  epsilon: number;
  /** k * sqrt(n) / 2, in score units. */
  noiseSd: number;
  /** The formula's own k and n. */
  published: boolean;
}

/**
 * Epsilon against noise for the formula's sensitivity and delta: every even n up to 128 in
 * steps of 16 (and the formula's n) at the formula's k, and at k = sensitivity / s for the
 * other lattice shifts s = 1..4, to show what a policy owner trades.
 */
export function noiseTradeoff(formula: Formula, coinCounts: readonly number[] = [16, 32, 48, 64, 80, 96, 112, 128]): NoiseTradeoffRow[] {
  const sensitivity = scoreSensitivity(formula);
  const { delta } = formula.noise;
  const steps = new Set<number>([formula.noise.k]);
  if (sensitivity > 0n) for (let shift = 1; shift <= 4; shift += 1) steps.add(Number((sensitivity + BigInt(shift) - 1n) / BigInt(shift)));
  const counts = [...new Set([...coinCounts, formula.noise.n])].filter((n) => n >= 2 && n <= MAX_NOISE_COINS && n % 2 === 0).sort((a, b) => a - b);
  const rows: NoiseTradeoffRow[] = [];
  for (const k of [...steps].sort((a, b) => b - a)) {
    for (const n of counts) {
      rows.push({
        k,
        n,
        latticeShift: latticeShift(sensitivity, k),
        epsilon: certifiedScoreEpsilon(sensitivity, k, n, delta),
        noiseSd: binomialNoiseSd(k, n),
        published: k === formula.noise.k && n === formula.noise.n,
      });
    }
  }
  return rows;
}
