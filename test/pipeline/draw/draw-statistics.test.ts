import { describe, expect, it } from 'vitest';
import { drawOffset, drawOutcomes } from '../../../pipeline/draw/index.js';
import { SplitMix64 } from './draw-fixture.js';

/*
 * The draw checked as a sampler, at the size it runs at: 20,000 entrants, D = 1,000 stones, R
 * independent draws, each with its own 128-bit u through the production drawOffset and
 * drawOutcomes. The question is whether each owner wins with probability p_i = min(1, D w_i / W)
 * (claim 3 of pipeline/draw), and the test must be shown able to say no: the same statistic is
 * run on wrong rules and has to reject them.
 */

const OWNERS = 20_000;
const STONES = 1_000n;
const K = 114;
/** 300 draws: about 6 ms each with BigInt on this machine, and enough power (see the wrong rules). */
const DRAWS = 300;
/** The false-alarm level of each check, chosen so a change of seed almost never fails by chance. */
const ALPHA = 1e-4;
/** Cells: 8 bins of p_i (equal numbers of owners) times the two halves of the committed order. */
const P_BINS = 8;
const CELLS = 2 * P_BINS;

interface Population {
  weights: bigint[];
  weightNumbers: number[];
  total: number;
  /** p_i = D w_i / W (all below 1 here: the largest weight is 20 * 3990 against W ~ 4e8). */
  p: number[];
  /** The cell of each owner, -1 for a zero weight (they must never win, and carry no information). */
  cell: number[];
}

function population(): Population {
  const random = new SplitMix64(0xd4a3n);
  const weightNumbers: number[] = [];
  for (let i = 0; i < OWNERS; i++) {
    const entries = 1 + random.below(20);
    // Noisy scores on the lattice of k between 0 and 4,000, one owner in ten at 0 (the noise
    // and the clamp publish many zeros), the rest spread over 1..35 steps.
    const steps = random.below(10) === 0 ? 0 : 1 + random.below(35);
    weightNumbers.push(entries * steps * K);
  }
  const total = weightNumbers.reduce((s, w) => s + w, 0);
  const p = weightNumbers.map((w) => (Number(STONES) * w) / total);
  const ranked = [...weightNumbers.keys()].filter((i) => weightNumbers[i]! > 0).sort((a, b) => weightNumbers[a]! - weightNumbers[b]! || a - b);
  const cell = weightNumbers.map(() => -1);
  for (const [rank, i] of ranked.entries()) {
    const bin = Math.floor((rank * P_BINS) / ranked.length);
    cell[i] = 2 * bin + (i < OWNERS / 2 ? 0 : 1);
  }
  return { weights: weightNumbers.map(BigInt), weightNumbers, total, p, cell };
}

/** P(chi-square with 2m degrees of freedom > x) = e^(-x/2) sum_(j<m) (x/2)^j / j!, exactly. */
function chiSquareSurvivalEven(x: number, degrees: number): number {
  let term = Math.exp(-x / 2);
  let sum = term;
  for (let j = 1; j < degrees / 2; j++) {
    term *= x / 2 / j;
    sum += term;
  }
  return sum;
}

/** The (1 - alpha) quantile of chi-square with an even number of degrees of freedom, by bisection. */
function chiSquareQuantileEven(alpha: number, degrees: number): number {
  let low = 0;
  let high = 10 * degrees + 100;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (chiSquareSurvivalEven(mid, degrees) > alpha) low = mid;
    else high = mid;
  }
  return high;
}

/** The eigenvalues and unit eigenvectors (vectors[j] for values[j]) of a symmetric matrix, by cyclic Jacobi rotations. */
function symmetricEigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const a = matrix.map((row) => [...row]);
  const n = a.length;
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (const m of [a, v]) {
          for (let k = 0; k < n; k++) {
            const kp = m[k]![p]!;
            const kq = m[k]![q]!;
            m[k]![p] = c * kp - s * kq;
            m[k]![q] = s * kp + c * kq;
          }
        }
        for (let k = 0; k < n; k++) {
          const pk = a[p]![k]!;
          const qk = a[q]![k]!;
          a[p]![k] = c * pk - s * qk;
          a[q]![k] = s * pk + c * qk;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: a.map((_, j) => v.map((row) => row[j]!)) };
}

/**
 * The exact mean and covariance, over U uniform on the integers [0, W), of the number of
 * winners in each cell in one draw. Owner i (p_i < 1) wins exactly when U lies in a cyclic
 * interval of length D w_i starting at D W_(i-1) mod W, so the cell counts are step functions of
 * U with at most 2n steps: one sweep over the sorted steps integrates them. This is what makes
 * the chi-square threshold honest: systematic sampling makes one draw's winners dependent, and
 * the sweep measures that dependence instead of assuming it away.
 */
function cellMoments(pop: Population): { mean: number[]; covariance: number[][] } {
  const D = Number(STONES);
  const W = pop.total;
  const events: [position: number, cell: number, step: number][] = [];
  let before = 0;
  for (const [i, w] of pop.weightNumbers.entries()) {
    const start = (D * before) % W;
    const length = D * w;
    before += w;
    if (w === 0) continue;
    expect(length).toBeLessThan(W);
    const cell = pop.cell[i]!;
    if (start + length <= W) {
      events.push([start, cell, 1], [start + length, cell, -1]);
    } else {
      events.push([start, cell, 1], [0, cell, 1], [start + length - W, cell, -1]);
    }
  }
  events.sort((x, y) => x[0] - y[0]);
  const state = new Array<number>(CELLS).fill(0);
  const first = new Array<number>(CELLS).fill(0);
  const second = Array.from({ length: CELLS }, () => new Array<number>(CELLS).fill(0));
  let at = 0;
  const integrate = (until: number) => {
    const length = until - at;
    if (length === 0) return;
    for (let b = 0; b < CELLS; b++) {
      first[b]! += length * state[b]!;
      for (let c = 0; c < CELLS; c++) second[b]![c]! += length * state[b]! * state[c]!;
    }
    at = until;
  };
  for (const [position, cell, step] of events) {
    integrate(position);
    state[cell]! += step;
  }
  integrate(W);
  const mean = first.map((x) => x / W);
  const covariance = second.map((row, b) => row.map((x, c) => x / W - mean[b]! * mean[c]!));
  // The sweep's means must be the exact sums of p_i per cell (claim 3 again, at full size):
  // W * mean = D * (weight of the cell), integers below 2^53, so compared exactly.
  for (let b = 0; b < CELLS; b++) {
    const cellWeight = pop.weightNumbers.reduce((s, w, i) => (pop.cell[i] === b ? s + w : s), 0);
    expect(first[b]).toBe(D * cellWeight);
  }
  return { mean, covariance };
}

/** Per owner, the number of draws in which they won at least one stone; each draw's total and first half's share. */
interface Tally {
  winners: number[];
  stonesPerDraw: number[];
  firstHalfPerDraw: number[];
}

/** R draws of the production rule, on whatever weights it is handed (the true ones or distorted ones). */
function productionDraws(weights: bigint[], seed: bigint, check?: (wins: readonly bigint[], total: bigint) => void): Tally {
  const random = new SplitMix64(seed);
  const winners = new Array<number>(weights.length).fill(0);
  const stonesPerDraw: number[] = [];
  const firstHalfPerDraw: number[] = [];
  const total = weights.reduce((s, w) => s + w, 0n);
  for (let r = 0; r < DRAWS; r++) {
    const offset = drawOffset(random.next128(), total);
    const { outcomes } = drawOutcomes({ stones: STONES, offset, total }, weights);
    const wins = outcomes.map((o) => o.wins);
    check?.(wins, total);
    let stones = 0n;
    for (const [i, win] of wins.entries()) {
      stones += win;
      if (win >= 1n) winners[i]!++;
      if (i === OWNERS / 2 - 1) firstHalfPerDraw.push(Number(stones));
    }
    stonesPerDraw.push(Number(stones));
  }
  return { winners, stonesPerDraw, firstHalfPerDraw };
}

/** Mulberry32: 6 million coins on BigInt would take seconds, on 32-bit integers milliseconds. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Winners per cell over the R draws, and R times the sum of p_i over each cell. */
function cellTotals(pop: Population, tally: Tally): { observed: number[]; expected: number[] } {
  const observed = new Array<number>(CELLS).fill(0);
  const expected = new Array<number>(CELLS).fill(0);
  for (let i = 0; i < OWNERS; i++) {
    const cell = pop.cell[i]!;
    if (cell < 0) continue;
    observed[cell]! += tally.winners[i]!;
    expected[cell]! += DRAWS * pop.p[i]!;
  }
  return { observed, expected };
}

/** Pearson's statistic of the winners per cell against R times the sum of p_i over the cell. */
function pearson(pop: Population, tally: Tally): number {
  const { observed, expected } = cellTotals(pop, tally);
  return observed.reduce((s, o, b) => s + (o - expected[b]!) ** 2 / expected[b]!, 0);
}

/**
 * The largest per-owner deviation, in units of that owner's Bernstein bound. Across draws an
 * owner's wins are Binomial(R, p_i) exactly (independent U's), so
 * P(|X - R p| >= t) <= 2 exp(-t^2 / (2 (R p (1-p) + t / 3))); with L = ln(2 n / alpha) the bound
 * t = L / 3 + sqrt(L^2 / 9 + 2 R p (1-p) L) is crossed by any of the n owners with probability
 * at most alpha (Bonferroni). A value above 1 is a violation.
 */
function worstOwnerDeviation(pop: Population, tally: Tally): { worst: number; violations: number } {
  const L = Math.log((2 * OWNERS) / ALPHA);
  let worst = 0;
  let violations = 0;
  for (let i = 0; i < OWNERS; i++) {
    const p = pop.p[i]!;
    const variance = DRAWS * p * (1 - p);
    const bound = L / 3 + Math.sqrt((L * L) / 9 + 2 * variance * L);
    const ratio = Math.abs(tally.winners[i]! - DRAWS * p) / bound;
    worst = Math.max(worst, ratio);
    if (ratio > 1) violations++;
  }
  return { worst, violations };
}

/**
 * Draws in which the first half of the order did not get floor or ceil of D W_half / W stones
 * (W, W_half from the published weights). Under the true rule that share is c(W_half), which
 * the definition of c pins to those two values for every U: the near-zero eigen-direction of
 * the calibration, checked exactly instead of statistically.
 */
function firstHalfMisses(pop: Population, tally: Tally): number {
  const W = pop.total;
  const half = Number(STONES) * pop.weightNumbers.slice(0, OWNERS / 2).reduce((s, w) => s + w, 0);
  return tally.firstHalfPerDraw.filter((stones) => !(Math.abs(stones * W - half) < W)).length;
}

describe('the draw as a sampler: 20,000 entrants, D = 1,000, R = 300 draws', () => {
  const pop = population();

  // Calibration. With R independent draws the cell counts are near normal with covariance
  // R Sigma (Sigma: one draw's covariance, computed exactly by cellMoments), so with
  // y_b = (O_b - R m_b) / sqrt(R m_b) the vector y is near N(0, M), M = diag(m)^(-1/2) Sigma
  // diag(m)^(-1/2), and Pearson's statistic |y|^2 is near sum_j lambda_j Z_j^2 over the
  // eigenvalues lambda_j of M. Independent coins would give lambda_j <= 1, but systematic sampling
  // does not: the exact Sigma of this population has lambda_max ~ 2.27 (cells of the two
  // halves of the order move against each other, as the first half's total is all but fixed),
  // so the textbook chi-square(15) threshold would raise false alarms far more often than alpha.
  // Sigma 1 = 0 leaves
  // at most 15 non-zero lambda_j, so |y|^2 <= lambda_max chi-square(15) <= lambda_max
  // chi-square(16) in distribution; chi-square(16) has a closed-form tail, and the threshold is
  // max(1, lambda_max) times its exact 1 - alpha quantile: conservative at level alpha.
  const { mean, covariance } = cellMoments(pop);
  const scaled = covariance.map((row, b) => row.map((x, c) => x / Math.sqrt(mean[b]! * mean[c]!)));
  const eigen = symmetricEigen(scaled);
  const lambdaMax = Math.max(...eigen.values);
  const pearsonThreshold = Math.max(1, lambdaMax) * chiSquareQuantileEven(ALPHA, CELLS);

  // A sharper companion: the Mahalanobis statistic T = sum_j (v_j . y)^2 / lambda_j over the
  // eigen-directions of M with lambda_j >= 0.01, which is chi-square with that many degrees of
  // freedom (the normal approximation over R draws); the two dropped directions are the fixed
  // total (lambda = 0) and the all-but-fixed total of the first half (a two-valued count, whose
  // tiny variance would make its term hostage to the normal approximation). Its threshold is the
  // chi-square quantile at the next even number of degrees of freedom, again conservative.
  const kept = eigen.values.flatMap((lambda, j) => (lambda >= 0.01 ? [j] : []));
  const mahalanobisDegrees = kept.length + (kept.length % 2);
  const mahalanobisThreshold = chiSquareQuantileEven(ALPHA, mahalanobisDegrees);
  const mahalanobis = (tally: Tally): number => {
    const { observed, expected } = cellTotals(pop, tally);
    const y = observed.map((o, b) => (o - expected[b]!) / Math.sqrt(expected[b]!));
    return kept.reduce((s, j) => s + eigen.vectors[j]!.reduce((dot, x, b) => dot + x * y[b]!, 0) ** 2 / eigen.values[j]!, 0);
  };
  const statistics = (tally: Tally) => ({ pearson: pearson(pop, tally), mahalanobis: mahalanobis(tally) });

  it('has a population of the intended shape and a calibrated threshold', () => {
    expect(pop.p.filter((p) => p === 0).length).toBeGreaterThan(1500);
    expect(Math.max(...pop.p)).toBeLessThan(1);
    // The smallest expected cell count over R draws is far above 5: the normal approximation holds.
    expect(Math.min(...mean) * DRAWS).toBeGreaterThan(1000);
    // Sigma is singular along (1, ..., 1) because each draw gives exactly D stones.
    expect(Math.min(...eigen.values.map(Math.abs))).toBeLessThan(1e-6);
    expect(kept.length).toBe(CELLS - 2);
    // The other near-zero direction is the first half's share (sqrt(m_b) on its cells): its
    // Rayleigh quotient is Var(first half's stones) / E(first half's stones) <= (1/4) / ~500.
    const half = mean.map((m, b) => (b % 2 === 0 ? Math.sqrt(m) : 0));
    const quotient = half.reduce((s, x, b) => s + x * scaled[b]!.reduce((t, y, c) => t + y * half[c]!, 0), 0) / half.reduce((s, x) => s + x * x, 0);
    expect(quotient).toBeLessThan(1e-3);
    // The eigen-decomposition is one: M v = lambda v for each pair.
    for (const [j, vector] of eigen.vectors.entries()) {
      for (let b = 0; b < CELLS; b++) {
        const mv = scaled[b]!.reduce((s, x, c) => s + x * vector[c]!, 0);
        expect(mv).toBeCloseTo(eigen.values[j]! * vector[b]!, 9);
      }
    }
    expect(chiSquareSurvivalEven(pearsonThreshold / Math.max(1, lambdaMax), CELLS)).toBeCloseTo(ALPHA, 12);
    console.log(
      `draw statistics: lambda ${[...eigen.values]
        .sort((a, b) => b - a)
        .map((x) => x.toFixed(3))
        .join(' ')}; Pearson threshold ${pearsonThreshold.toFixed(2)}, Mahalanobis threshold ${mahalanobisThreshold.toFixed(2)} (${mahalanobisDegrees} df)`,
    );
  });

  it('gives exactly D stones in every draw, floor or ceil of D w / W each, and matches p_i', () => {
    const D = Number(STONES);
    const W = pop.total;
    const tally = productionDraws(pop.weights, 0x0ff5e7n, (wins) => {
      // Claim 2 at full size, in exact integer arithmetic on Numbers (all below 2^53):
      // |wins W - D w| < W.
      for (const [i, win] of wins.entries()) {
        const gap = Number(win) * W - D * pop.weightNumbers[i]!;
        if (!(gap > -W && gap < W)) throw new Error(`owner ${i} won ${win} with D w / W = ${pop.p[i]}`);
      }
    });
    expect(tally.stonesPerDraw.every((s) => s === D)).toBe(true);
    for (let i = 0; i < OWNERS; i++) if (pop.weightNumbers[i] === 0) expect(tally.winners[i]).toBe(0);

    expect(firstHalfMisses(pop, tally)).toBe(0);
    const { pearson, mahalanobis } = statistics(tally);
    const owners = worstOwnerDeviation(pop, tally);
    console.log(
      `draw statistics, true rule: Pearson ${pearson.toFixed(2)}, Mahalanobis ${mahalanobis.toFixed(2)}, worst owner at ${owners.worst.toFixed(3)} of its bound`,
    );
    expect(pearson).toBeLessThan(pearsonThreshold);
    expect(mahalanobis).toBeLessThan(mahalanobisThreshold);
    expect(owners.violations).toBe(0);
  });

  it('rejects a rule that favours the first half of the order (weights there 10% heavier), by far', () => {
    // Still exactly D stones a draw and a plausible-looking spread. The first half's owners win
    // ~4.8% more often, the second half's ~4.8% less: a shift along the very direction the
    // Mahalanobis statistic leaves out (the first half's all-but-fixed share), so it is Pearson's
    // statistic and the exact share check that must catch it, and the Mahalanobis value shows
    // why both are kept.
    const distorted = pop.weights.map((w, i) => (i < OWNERS / 2 ? (w * 11n) / 10n : w));
    const tally = productionDraws(distorted, 0xf1257n);
    expect(tally.stonesPerDraw.every((s) => s === Number(STONES))).toBe(true);
    const { pearson, mahalanobis } = statistics(tally);
    const misses = firstHalfMisses(pop, tally);
    console.log(
      `draw statistics, first half favoured: Pearson ${pearson.toFixed(2)}, Mahalanobis ${mahalanobis.toFixed(2)}, first-half share wrong in ${misses} of ${DRAWS} draws`,
    );
    expect(pearson).toBeGreaterThan(5 * pearsonThreshold);
    expect(misses).toBe(DRAWS);
  });

  it('rejects a rule that inflates the heavier half of the owners by 10%', () => {
    const median = [...pop.weightNumbers].sort((a, b) => a - b)[OWNERS / 2]!;
    const distorted = pop.weights.map((w, i) => (pop.weightNumbers[i]! > median ? (w * 11n) / 10n : w));
    const tally = productionDraws(distorted, 0x4ea7n);
    const { pearson, mahalanobis } = statistics(tally);
    console.log(
      `draw statistics, heavier half favoured: Pearson ${pearson.toFixed(2)}, Mahalanobis ${mahalanobis.toFixed(2)}, first-half share wrong in ${firstHalfMisses(pop, tally)} draws`,
    );
    expect(pearson).toBeGreaterThan(1.5 * pearsonThreshold);
    expect(mahalanobis).toBeGreaterThan(5 * mahalanobisThreshold);
  });

  it('catches independent Bernoulli(p_i) draws by their total, which the per-owner rates cannot', () => {
    // Independent coins with the right p_i have the right marginals, so the per-owner rates and
    // Pearson's statistic (whose calibration covers any lambda <= lambda_max) pass them by design;
    // what they break is "exactly D stones", and that check is the one that rejects them.
    const coin = mulberry32(0xbe2);
    const winners = new Array<number>(OWNERS).fill(0);
    const stonesPerDraw: number[] = [];
    const firstHalfPerDraw: number[] = [];
    for (let r = 0; r < DRAWS; r++) {
      let stones = 0;
      for (let i = 0; i < OWNERS; i++) {
        if (coin() < pop.p[i]!) {
          winners[i]!++;
          stones++;
        }
        if (i === OWNERS / 2 - 1) firstHalfPerDraw.push(stones);
      }
      stonesPerDraw.push(stones);
    }
    const exact = stonesPerDraw.filter((s) => s === Number(STONES)).length;
    const { pearson, mahalanobis } = statistics({ winners, stonesPerDraw, firstHalfPerDraw });
    console.log(
      `draw statistics, independent coins: ${exact} of ${DRAWS} draws gave exactly D (totals ${Math.min(...stonesPerDraw)}..${Math.max(...stonesPerDraw)}); Pearson ${pearson.toFixed(2)}, Mahalanobis ${mahalanobis.toFixed(2)}`,
    );
    expect(exact).toBeLessThan(DRAWS / 10);
  });
});
