import { describe, expect, it } from 'vitest';
import { drawOdds, type Fraction, fractionToDecimal } from '../../../pipeline/draw/index.js';
import { enumerateDraws } from './draw-fixture.js';

/** a / b = c / d, by cross-multiplication (drawOdds need not reduce its fractions). */
function sameFraction(f: Fraction, numerator: bigint, denominator: bigint): boolean {
  return f.numerator * denominator === numerator * f.denominator;
}

describe('drawOdds', () => {
  it('are the frequencies the draw really has over every offset', () => {
    // The odds shown to an owner are only honest if they are what the draw does: compare them
    // with the counts over all W offsets, heavy (D w > W) and zero-weight entrants included.
    const populations = [
      { stones: 5n, weights: [0n, 12n, 3n, 40n, 1n, 0n, 7n] },
      { stones: 2n, weights: [9n, 1n, 1n] },
      { stones: 11n, weights: [4n, 4n, 4n, 1n] },
    ];
    for (const { stones, weights } of populations) {
      const { total, winsByOffset } = enumerateDraws(stones, weights);
      for (const [i, weight] of weights.entries()) {
        const odds = drawOdds(stones, total, weight);
        const sum = winsByOffset.reduce((s, wins) => s + wins[i]!, 0n);
        const some = BigInt(winsByOffset.filter((wins) => wins[i]! >= 1n).length);
        expect(sameFraction(odds.expected, sum, total)).toBe(true);
        expect(sameFraction(odds.winAtLeastOne, some, total)).toBe(true);
        expect(odds.winAtLeastOne.numerator <= odds.winAtLeastOne.denominator).toBe(true);
      }
    }
  });

  it('caps the chance of a stone at 1 and leaves the expectation above it', () => {
    const odds = drawOdds(10n, 100n, 25n);
    expect(sameFraction(odds.expected, 5n, 2n)).toBe(true);
    expect(sameFraction(odds.winAtLeastOne, 1n, 1n)).toBe(true);
    const exact = drawOdds(10n, 100n, 10n);
    expect(sameFraction(exact.winAtLeastOne, 1n, 1n)).toBe(true);
  });

  it('are zero when nobody entered', () => {
    const odds = drawOdds(1000n, 0n, 0n);
    expect(sameFraction(odds.expected, 0n, 1n)).toBe(true);
    expect(sameFraction(odds.winAtLeastOne, 0n, 1n)).toBe(true);
  });
});

describe('fractionToDecimal', () => {
  it('rounds down to the given places', () => {
    expect(fractionToDecimal({ numerator: 1n, denominator: 3n })).toBe('0.333333');
    expect(fractionToDecimal({ numerator: 2n, denominator: 3n }, 3)).toBe('0.666');
    expect(fractionToDecimal({ numerator: 5n, denominator: 2n }, 0)).toBe('2');
    expect(fractionToDecimal({ numerator: 1000n * 57n, denominator: 400n }, 2)).toBe('142.50');
    expect(fractionToDecimal({ numerator: 1n, denominator: 10n ** 7n })).toBe('0.000000');
  });
});
