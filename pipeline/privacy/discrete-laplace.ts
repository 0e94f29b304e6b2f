import { bernoulliExp, bernoulliExpFraction, bernoulliExpMinusOne } from './bernoulli-exp.js';
import { SAFE } from './bernoulli.js';
import type { IntegerSampler } from './integer-sampler.js';
import type { RandomSource } from './random-source.js';
import { formatRational, parseRational, type Rational } from './rational.js';

/**
 * The discrete Laplace distribution Lap_Z(b) over the integers: P[X = x] proportional to
 * exp(-|x| / b), for a rational scale b = t/s > 0. Algorithm 2 of Canonne, Kamath, Steinke,
 * "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020, arXiv:2004.00010):
 *
 *   loop:
 *     U uniform in {0, ..., t-1}; D ~ Bernoulli(exp(-U/t)); if D = 0, restart
 *     V = 0; while Bernoulli(exp(-1)) = 1: V = V + 1
 *     X = U + t V                 (X is geometric: P[X = x] proportional to exp(-x/t))
 *     Y = floor(X / s)            (Y is geometric with P[Y = y] proportional to exp(-y s/t))
 *     B ~ Bernoulli(1/2); if B = 1 and Y = 0, restart
 *     return (1 - 2B) Y
 *
 * Every coin is exact (bernoulli-exp.ts), so the output has exactly this distribution: no
 * floating-point gaps as in the textbook -b ln(u) (Mironov, CCS 2012). t and s below 2^52 run
 * in doubles holding whole numbers (exact: every product checked below 2^52), and switch to
 * BigInt for larger parameters or, within a sample, when U + tV would reach 2^52.
 *
 * Timing (what is and is not constant time):
 * - The noise is drawn without the data: the number of loop iterations, of random words and
 *   of arithmetic steps depends only on the random draws and on b, never on the value being
 *   noised. Adding the noise to a value is one BigInt addition.
 * - It is NOT constant time in the noise: V's loop runs about |X|/t times, the exp(-U/t) coin
 *   costs more for larger U, and rejections repeat the loop. A larger |noise| takes longer on
 *   average, so whoever can time one sample AND sees the value released with it learns a
 *   little about the noise and hence about the data (Jin et al., "Are We There Yet? Timing and
 *   Floating-Point Attacks on Differential Privacy Systems", IEEE S&P 2022). The mechanisms
 *   here draw the noise of a whole release before adding it, and the pipeline runs them as
 *   batch jobs whose only visible timing is that of the whole release, not of one statistic.
 */
export class DiscreteLaplace implements IntegerSampler {
  readonly scale: Rational;
  lastBig = 0n;
  private readonly t: number;
  private readonly s: number;
  private readonly tBig: bigint;
  private readonly sBig: bigint;
  private readonly fast: boolean;

  constructor(
    scale: Rational | string,
    private readonly source: RandomSource,
  ) {
    this.scale = typeof scale === 'string' ? parseRational(scale) : scale;
    if (this.scale.num <= 0n) throw new RangeError(`discrete Laplace: the scale must be positive, got ${formatRational(this.scale)}`);
    this.tBig = this.scale.num;
    this.sBig = this.scale.den;
    this.fast = this.tBig < BigInt(SAFE) && this.sBig < BigInt(SAFE);
    this.t = this.fast ? Number(this.tBig) : 0;
    this.s = this.fast ? Number(this.sBig) : 0;
  }

  sample(): bigint {
    const x = this.next();
    return Number.isNaN(x) ? this.lastBig : BigInt(x);
  }

  next(): number {
    if (!this.fast) return this.fromBig(this.sampleBig());
    const { source, t, s } = this;
    for (;;) {
      const u = t === 1 ? 0 : source.uniformBelow(t);
      if (!bernoulliExpFraction(source, u, t)) continue;
      let v = 0;
      while (bernoulliExpMinusOne(source)) v += 1;
      const x = u + t * v; // exact: t * v is rounded only if it is above 2^53, and then so is x
      if (x >= SAFE) {
        // X >= 2^52 > s, so Y >= 1 and the sign cannot reject.
        const y = (BigInt(u) + this.tBig * BigInt(v)) / this.sBig;
        return this.fromBig(source.nextBit() === 1 ? -y : y);
      }
      let y = Math.floor(x / s);
      if (y * s > x) y -= 1; // x / s may round up to the next whole number; y * s <= x + s < 2^53 is exact
      const b = source.nextBit();
      if (b === 1 && y === 0) continue;
      return b === 1 ? -y : y;
    }
  }

  /** Algorithm 2 entirely in BigInt, for t or s of 2^52 or more. */
  private sampleBig(): bigint {
    const { source, tBig: t, sBig: s } = this;
    for (;;) {
      const u = source.uniformBigIntBelow(t);
      if (!bernoulliExp(source, u, t)) continue;
      let v = 0n;
      while (bernoulliExpMinusOne(source)) v += 1n;
      const y = (u + t * v) / s;
      const b = source.nextBit();
      if (b === 1 && y === 0n) continue;
      return b === 1 ? -y : y;
    }
  }

  private fromBig(value: bigint): number {
    if (value < BigInt(SAFE) && value > -BigInt(SAFE)) return Number(value);
    this.lastBig = value;
    return Number.NaN;
  }
}
