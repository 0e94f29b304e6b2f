/**
 * (epsilon, delta) of the binomial mechanism, by Theorem 1 of N. Agarwal, A. T. Suresh,
 * F. Yu, S. Kumar, H. B. McMahan, "cpSGD: Communication-efficient and differentially-private
 * distributed SGD", NeurIPS 2018 (arXiv:1805.10559).
 *
 * The mechanism: for f with values in Z^d, release f(D) + s * (Z - N p), each coordinate of Z
 * drawn independently from Binomial(N, p). Write sigma^2 = N p (1 - p) and let Delta_1,
 * Delta_2, Delta_inf be the l1, l2 and l-infinity sensitivities of f (the largest
 * ||f(D) - f(D')|| over neighbouring D, D'). The theorem states: for any delta, if
 *
 *     N p (1 - p) >= max( 23 ln(10 d / delta), 2 Delta_inf / s )                 (condition)
 *
 * then the mechanism is (epsilon, delta)-differentially private for
 *
 *     epsilon = Delta_2 sqrt(2 ln(1.25 / delta)) / (s sigma)
 *             + (Delta_2 c_p sqrt(ln(10 / delta)) + Delta_1 b_p) / (s sigma^2 (1 - delta / 10))
 *             + ((2/3) Delta_inf ln(1.25 / delta) + Delta_inf d_p ln(20 d / delta) ln(10 / delta)) / (s sigma^2)
 *
 * with (natural logarithms)
 *
 *     b_p = (2/3) (p^2 + (1 - p)^2) + 1 - 2p
 *     c_p = sqrt(2) (3 p^3 + 3 (1 - p)^3 + 2 p^2 + 2 (1 - p)^2)
 *     d_p = (4/3) (p^2 + (1 - p)^2)
 *
 * so for p = 1/2: b_p = 1/3, c_p = 7 sqrt(2) / 4, d_p = 2/3.
 *
 * Source of the statement: the paper's text could not be retrieved here; the statement above
 * is the one restated, identically and independently, by the IETF draft
 * draft-case-ppm-binomial-dp (Case, Thomson: "Simple and Efficient Binomial Protocols for
 * Differential Privacy in MPC", which quotes the paper's formula (7) for p = 1/2) and by a
 * public implementation of the theorem with general p (which also checks
 * epsilon(N = 2000, p = 1/2, s = 1, all Delta = 1, d = 1, delta = 1e-6) in (0.6375, 0.6376));
 * it matches the theorem as recalled from the paper. The tests recompute that figure by hand.
 *
 * Epsilon is linear in the sensitivities over s: only Delta/s matters. When the condition
 * does not hold the theorem says nothing: `conditionHolds` is false and `epsilon` is still the
 * formula's value, which must then not be quoted as a guarantee.
 */

export interface BinomialMechanismParameters {
  /** N, the number of Bernoulli trials per coordinate (a positive whole number). */
  n: number;
  /** p, the success probability of each trial, in (0, 1). */
  p: number;
  /** s, the quantization scale: the released noise is scale * (Z - N p). */
  scale: number;
  /** l1, l2 and l-infinity sensitivities of f, in the units of f (not divided by s). */
  l1: number;
  l2: number;
  linf: number;
  /** delta, in (0, 1). */
  delta: number;
  /** d, the number of coordinates of f (a positive whole number). */
  dimension: number;
}

export interface BinomialMechanismPrivacy {
  epsilon: number;
  delta: number;
  /** Whether N p (1 - p) >= max(23 ln(10 d / delta), 2 linf / scale): only then is epsilon a guarantee. */
  conditionHolds: boolean;
  /** N p (1 - p), and the bound the condition compares it with. */
  variance: number;
  varianceNeeded: number;
}

/** b_p, c_p and d_p of the theorem. */
export function binomialMechanismConstants(p: number): { b: number; c: number; d: number } {
  checkOpenUnit('p', p);
  const q = 1 - p;
  const squares = p * p + q * q;
  return {
    b: (2 / 3) * squares + 1 - 2 * p,
    c: Math.SQRT2 * (3 * p ** 3 + 3 * q ** 3 + 2 * squares),
    d: (4 / 3) * squares,
  };
}

/** Epsilon of the binomial mechanism at the given delta (Theorem 1 of cpSGD, stated above). */
export function binomialMechanismEpsilon(parameters: BinomialMechanismParameters): BinomialMechanismPrivacy {
  const { n, p, scale: s, l1, l2, linf, delta, dimension: d } = parameters;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`binomial mechanism: n must be a positive whole number, got ${n}`);
  if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`binomial mechanism: dimension must be a positive whole number, got ${d}`);
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`binomial mechanism: scale must be positive, got ${s}`);
  for (const [name, value] of [
    ['l1', l1],
    ['l2', l2],
    ['linf', linf],
  ] as const) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`binomial mechanism: ${name} must be a non-negative number, got ${value}`);
  }
  checkOpenUnit('delta', delta);
  const { b, c, d: dp } = binomialMechanismConstants(p);

  const variance = n * p * (1 - p);
  const sigma = Math.sqrt(variance);
  const gaussianTerm = (l2 * Math.sqrt(2 * Math.log(1.25 / delta))) / (s * sigma);
  const secondTerm = (l2 * c * Math.sqrt(Math.log(10 / delta)) + l1 * b) / (s * variance * (1 - delta / 10));
  const thirdTerm = ((2 / 3) * linf * Math.log(1.25 / delta) + linf * dp * Math.log((20 * d) / delta) * Math.log(10 / delta)) / (s * variance);
  const varianceNeeded = Math.max(23 * Math.log((10 * d) / delta), (2 * linf) / s);
  return {
    epsilon: gaussianTerm + secondTerm + thirdTerm,
    delta,
    conditionHolds: variance >= varianceNeeded,
    variance,
    varianceNeeded,
  };
}

function checkOpenUnit(name: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`binomial mechanism: ${name} must be in (0, 1), got ${value}`);
}
