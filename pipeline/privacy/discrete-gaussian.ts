import { bernoulliExp, bernoulliExpMinusOne } from './bernoulli-exp.js';
import { continueExactly, decideWord, SAFE } from './bernoulli.js';
import { DiscreteLaplace } from './discrete-laplace.js';
import type { IntegerSampler } from './integer-sampler.js';
import type { RandomSource } from './random-source.js';
import { floorSqrt, formatRational, multiply, parseRational, rational, type Rational } from './rational.js';

/**
 * The discrete Gaussian N_Z(0, sigma^2) over the integers: P[X = x] proportional to
 * exp(-x^2 / (2 sigma^2)), for a rational sigma > 0 (so sigma^2 = p/q is rational too).
 * Algorithm 3 of Canonne, Kamath, Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020, arXiv:2004.00010):
 *
 *   t = floor(sigma) + 1
 *   loop:
 *     Y ~ Lap_Z(t)                                              (discrete-laplace.ts)
 *     C ~ Bernoulli(exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)))    (bernoulli-exp.ts)
 *     if C = 1, return Y
 *
 * In fractions: gamma = (|Y| q t - p)^2 / (2 p q t^2) = A^2 / M, with A and M whole numbers.
 *
 * Exactness with doubles: when |Y| q t and p are below 2^52, A is an exact double, and
 * g = (A * A) / M (M converted once) is within 3 roundings of gamma: |g - gamma| <= g 2^-49.
 * floor(gamma) is taken from g only when g is further than that from a whole number, and each
 * coin Bernoulli(frac / K) of Algorithm 1 is decided from its first random word only when the
 * word is further than the proven error (g 2^-16 + 2^-20, in units of 2^-32) from the double;
 * every other case is computed exactly in BigInt from A^2 and M. So the output has exactly the
 * distribution above, while the common case costs a few double operations per coin.
 *
 * Timing (what is and is not constant time): as for the discrete Laplace, the noise is drawn
 * without the data, so loop counts and arithmetic never depend on the value being noised;
 * they do depend on the random draws, including the noise itself (the Laplace proposals, the
 * exp(-gamma) coin, whose gamma grows with |Y|, and the number of rejected proposals). It is
 * NOT constant time in the noise; see discrete-laplace.ts
 * for what that means and how the pipeline keeps it out of view.
 */
export class DiscreteGaussian implements IntegerSampler {
  readonly sigma: Rational;
  readonly sigmaSquared: Rational;
  lastBig = 0n;
  private readonly laplace: DiscreteLaplace;
  private readonly p: bigint;
  private readonly q: bigint;
  private readonly t: bigint;
  private readonly m: bigint;
  private readonly fast: boolean;
  private readonly qtDouble: number;
  private readonly pDouble: number;
  private readonly mDouble: number;

  constructor(
    sigma: Rational | string,
    private readonly source: RandomSource,
  ) {
    this.sigma = typeof sigma === 'string' ? parseRational(sigma) : sigma;
    if (this.sigma.num <= 0n) throw new RangeError(`discrete Gaussian: sigma must be positive, got ${formatRational(this.sigma)}`);
    this.sigmaSquared = multiply(this.sigma, this.sigma);
    this.p = this.sigmaSquared.num;
    this.q = this.sigmaSquared.den;
    this.t = floorSqrt(this.sigmaSquared) + 1n;
    this.laplace = new DiscreteLaplace(rational(this.t), source);
    this.m = 2n * this.p * this.q * this.t * this.t;
    const qt = this.q * this.t;
    this.fast = qt < BigInt(SAFE) && this.p < BigInt(SAFE) && this.m < 1n << 1000n;
    this.qtDouble = Number(qt);
    this.pDouble = Number(this.p);
    this.mDouble = Number(this.m);
  }

  sample(): bigint {
    const x = this.next();
    return Number.isNaN(x) ? this.lastBig : BigInt(x);
  }

  next(): number {
    const laplace = this.laplace;
    for (;;) {
      const y = laplace.next();
      if (Number.isNaN(y)) {
        const big = laplace.lastBig;
        if (this.acceptBig(big < 0n ? -big : big)) {
          this.lastBig = big;
          return Number.NaN;
        }
        continue;
      }
      const magnitude = y < 0 ? -y : y;
      const product = magnitude * this.qtDouble;
      if (!this.fast || product >= SAFE) {
        if (this.acceptBig(BigInt(magnitude))) return y;
        continue;
      }
      const a = product - this.pDouble; // exact: both whole numbers below 2^52
      if (a === 0 || this.accept(a)) return y;
    }
  }

  /** Bernoulli(exp(-A^2 / M)) for a whole double A, 0 < |A| < 2^52 (see the class comment for the error bounds). */
  private accept(a: number): boolean {
    const source = this.source;
    const g = (a * a) / this.mDouble;
    const error = g * 2 ** -49;
    const whole = Math.floor(g);
    if (g - whole <= error || whole + 1 - g <= error) return this.acceptBig(BigInt(a), true);
    for (let i = 0; i < whole; i += 1) {
      if (!bernoulliExpMinusOne(source)) return false;
    }
    const fraction = g - whole; // exact (Sterbenz), and within `error` of the true fraction
    const margin = g * 2 ** -16 + 2 ** -20;
    for (let k = 1; ; k += 1) {
      const w = source.nextUint32();
      const decided = decideWord(w, (fraction / k) * 0x100000000, margin);
      if (decided === 1) continue;
      if (decided === 0) return (k & 1) === 1;
      const big = BigInt(a);
      const remainder = big * big - BigInt(whole) * this.m; // A^2 - floor(gamma) M: the exact fraction's numerator
      if (!continueExactly(source, w, remainder, this.m * BigInt(k))) return (k & 1) === 1;
    }
  }

  /**
   * Bernoulli(exp(-gamma)) exactly in BigInt. `magnitude` is |Y|, or with `isA` already A
   * (the double path hands over A when floor(gamma) is too close to call; only A^2 matters).
   */
  private acceptBig(magnitude: bigint, isA = false): boolean {
    const a = isA ? magnitude : magnitude * this.q * this.t - this.p;
    return bernoulliExp(this.source, a * a, this.m);
  }
}
