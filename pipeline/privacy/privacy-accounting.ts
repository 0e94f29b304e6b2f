import { add, compare, divide, floorSqrt, formatRational, multiply, rational, rationalToNumberUp, ZERO, type Rational } from './rational.js';

/**
 * Privacy accounting, all pure functions (the ledger that enforces a budget lives elsewhere).
 *
 * - Discrete Laplace with scale b on a query of l1 sensitivity D: pure epsilon = D / b
 *   (P[x] / P[x + D] <= exp(D / b)).
 * - Discrete Gaussian with sigma on a query of l2 sensitivity D: rho-zCDP with
 *   rho = D^2 / (2 sigma^2), exactly as for the continuous Gaussian (Canonne, Kamath, Steinke
 *   2020, Theorem 14). Only D^2 is needed, so a histogram's l2 sensitivity stays exact.
 * - Pure epsilon-DP implies (epsilon^2 / 2)-zCDP (Bun, Steinke 2016, Proposition 1.4).
 * - Composition adds: pure epsilons add (basic composition), rhos add (zCDP composition).
 *   Costs are exact fractions, so a ledger can add them with no rounding.
 * - Reporting (epsilon, delta): rho-zCDP implies (epsilon, delta)-DP with
 *       delta = inf over alpha > 1 of exp((alpha-1)(alpha rho - epsilon)) / (alpha-1) * (1 - 1/alpha)^alpha
 *   (CKS20 Proposition 12 with the Renyi divergences of zCDP, Corollary 13): the tight
 *   conversion, never worse than Bun-Steinke's epsilon = rho + 2 sqrt(rho ln(1/delta))
 *   (Proposition 1.3), which `bunSteinkeEpsilon` keeps for comparison. log delta is convex in
 *   alpha, so the best alpha is found by bisection on its derivative, and epsilon for a
 *   given delta by bisection on epsilon, rounding towards the safe side (larger epsilon).
 *   When every release of a composition is pure, (sum epsilon, 0) is reported if smaller.
 */

/** What a release (or a composition of releases) costs. */
export interface PrivacyCost {
  /** Pure epsilon, when every part is pure (discrete Laplace); null once a Gaussian is in. */
  readonly epsilon: Rational | null;
  /** zCDP rho: rho of the Gaussian parts plus epsilon^2 / 2 of the pure ones. */
  readonly rho: Rational;
}

export const NO_COST: PrivacyCost = { epsilon: ZERO, rho: ZERO };

/** epsilon = l1 sensitivity / scale of a discrete Laplace release. */
export function laplaceEpsilon(l1Sensitivity: bigint, scale: Rational): Rational {
  if (l1Sensitivity < 0n) throw new RangeError(`sensitivity must be 0 or more, got ${l1Sensitivity}`);
  if (scale.num <= 0n) throw new RangeError(`scale must be positive, got ${formatRational(scale)}`);
  return divide(rational(l1Sensitivity), scale);
}

/** rho = (l2 sensitivity)^2 / (2 sigma^2) of a discrete Gaussian release; takes the squared sensitivity. */
export function gaussianRho(l2SensitivitySquared: bigint, sigma: Rational): Rational {
  if (l2SensitivitySquared < 0n) throw new RangeError(`squared sensitivity must be 0 or more, got ${l2SensitivitySquared}`);
  if (sigma.num <= 0n) throw new RangeError(`sigma must be positive, got ${formatRational(sigma)}`);
  return divide(rational(l2SensitivitySquared), multiply(rational(2n), multiply(sigma, sigma)));
}

/** The Laplace scale that spends exactly epsilon on a query of this l1 sensitivity: b = D / epsilon. */
export function laplaceScaleForEpsilon(l1Sensitivity: bigint, epsilon: Rational): Rational {
  if (l1Sensitivity < 1n) throw new RangeError(`sensitivity must be at least 1, got ${l1Sensitivity}`);
  if (epsilon.num <= 0n) throw new RangeError(`epsilon must be positive, got ${formatRational(epsilon)}`);
  return divide(rational(l1Sensitivity), epsilon);
}

/**
 * The smallest sigma with `decimals` decimal places whose rho = D^2 / (2 sigma^2) is at most
 * the given rho (sqrt(D^2 / (2 rho)) rounded up, exactly): the Gaussian a budget of rho buys.
 */
export function gaussianSigmaForRho(l2SensitivitySquared: bigint, rho: Rational, decimals = 6): Rational {
  if (l2SensitivitySquared < 1n) throw new RangeError(`squared sensitivity must be at least 1, got ${l2SensitivitySquared}`);
  if (rho.num <= 0n) throw new RangeError(`rho must be positive, got ${formatRational(rho)}`);
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 30) throw new RangeError(`decimals must be a whole number from 0 to 30, got ${decimals}`);
  const scale = 10n ** BigInt(decimals);
  // sigma^2 >= D^2 / (2 rho)  <=>  (sigma 10^d)^2 >= D^2 10^2d / (2 rho)
  const target = divide(rational(l2SensitivitySquared * scale * scale), multiply(rational(2n), rho));
  let root = floorSqrt(target);
  if (compare(rational(root * root), target) < 0) root += 1n;
  return rational(root, scale);
}

/** rho = epsilon^2 / 2: pure epsilon-DP as zCDP. */
export function pureToZcdp(epsilon: Rational): Rational {
  return multiply(multiply(epsilon, epsilon), rational(1n, 2n));
}

export function laplaceCost(l1Sensitivity: bigint, scale: Rational): PrivacyCost {
  const epsilon = laplaceEpsilon(l1Sensitivity, scale);
  return { epsilon, rho: pureToZcdp(epsilon) };
}

export function gaussianCost(l2SensitivitySquared: bigint, sigma: Rational): PrivacyCost {
  return { epsilon: null, rho: gaussianRho(l2SensitivitySquared, sigma) };
}

/** The cost of running all of them on the same data (sequential composition). */
export function composeCosts(costs: Iterable<PrivacyCost>): PrivacyCost {
  let epsilon: Rational | null = ZERO;
  let rho = ZERO;
  for (const cost of costs) {
    epsilon = epsilon !== null && cost.epsilon !== null ? add(epsilon, cost.epsilon) : null;
    rho = add(rho, cost.rho);
  }
  return { epsilon, rho };
}

/** The smallest delta such that rho-zCDP implies (epsilon, delta)-DP, by CKS20 Corollary 13. */
export function zcdpDelta(rho: number, epsilon: number): number {
  checkNumber('rho', rho);
  checkNumber('epsilon', epsilon);
  if (rho === 0) return 0;
  // log delta(alpha) = (alpha-1)(alpha rho - epsilon) + alpha log(1 - 1/alpha) - log(alpha - 1), convex in alpha;
  // its derivative (2 alpha - 1) rho - epsilon + log(1 - 1/alpha) is increasing: bisect for its zero.
  // The optimum is at least (1 + epsilon/rho)/2; the floor 1.01 only matters when epsilon <= rho (delta near 1).
  let low = 1.01;
  let high = (epsilon + 1) / (2 * rho) + 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i += 1) {
    const alpha = (low + high) / 2;
    if ((2 * alpha - 1) * rho - epsilon + Math.log1p(-1 / alpha) < 0) low = alpha;
    else high = alpha;
  }
  const alpha = (low + high) / 2;
  const logDelta = (alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log1p(-1 / alpha) - Math.log(alpha - 1);
  return Math.min(1, Math.exp(logDelta)); // any alpha gives a valid delta; this one is (near) the best
}

/** The smallest epsilon (rounded up) such that rho-zCDP implies (epsilon, delta)-DP, by CKS20 Corollary 13. */
export function zcdpEpsilon(rho: number, delta: number): number {
  checkNumber('rho', rho);
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${delta}`);
  if (rho === 0) return 0;
  let low = 0; // zcdpDelta(rho, low) > delta
  let high = bunSteinkeEpsilon(rho, delta); // zcdpDelta(rho, high) <= delta
  if (zcdpDelta(rho, low) <= delta) return 0;
  for (let i = 0; i < 200 && high - low > 1e-13 * high; i += 1) {
    const middle = (low + high) / 2;
    if (zcdpDelta(rho, middle) <= delta) high = middle;
    else low = middle;
  }
  return high;
}

/** Bun and Steinke 2016, Proposition 1.3: epsilon = rho + 2 sqrt(rho ln(1/delta)) (looser; for comparison). */
export function bunSteinkeEpsilon(rho: number, delta: number): number {
  checkNumber('rho', rho);
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${delta}`);
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

export interface ApproximateDp {
  epsilon: number;
  delta: number;
  /** 'pure': the sum of pure epsilons (delta 0); 'zcdp': CKS20 Corollary 13 from the total rho. */
  via: 'pure' | 'zcdp';
}

/** (epsilon, delta) of a cost for a report: the better of pure composition and the zCDP conversion. */
export function approximateDp(cost: PrivacyCost, delta: number): ApproximateDp {
  const fromRho = zcdpEpsilon(rationalToNumberUp(cost.rho), delta);
  if (cost.epsilon !== null) {
    const pure = rationalToNumberUp(cost.epsilon);
    if (pure <= fromRho) return { epsilon: pure, delta: 0, via: 'pure' };
  }
  return { epsilon: fromRho, delta, via: 'zcdp' };
}

function checkNumber(name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number of 0 or more, got ${value}`);
}
