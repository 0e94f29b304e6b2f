import { describe, expect, it } from 'vitest';
import {
  addRational,
  compareRational,
  doubleToRational,
  floorRational,
  floorSqrt,
  formatRational,
  integerSqrt,
  parseRational,
  rational,
  rationalToNumber,
  rationalToNumberUp,
} from '../../../pipeline/privacy/index.js';

describe('parseRational', () => {
  it('reads decimals and fractions exactly', () => {
    const cases: [string, bigint, bigint][] = [
      ['3', 3n, 1n],
      ['0.3', 3n, 10n],
      ['.5', 1n, 2n],
      ['12.5', 25n, 2n],
      ['1e4', 10000n, 1n],
      ['2.5e-3', 1n, 400n],
      ['1/3', 1n, 3n],
      ['6/4', 3n, 2n],
      ['-0.25', -1n, 4n],
      ['0.1000', 1n, 10n],
      [' 7 ', 7n, 1n],
    ];
    for (const [text, num, den] of cases) expect(parseRational(text), text).toEqual({ num, den });
  });

  it('refuses anything else', () => {
    for (const text of ['', 'abc', '1/0', '0x10', 'Infinity', 'NaN', '1.', '1e', '1/-3', '1 / 3', '--1']) {
      expect(() => parseRational(text), text).toThrow(RangeError);
    }
  });

  it('formats back to a form it reads', () => {
    expect(formatRational(parseRational('0.3'))).toBe('3/10');
    expect(formatRational(parseRational('12'))).toBe('12');
    expect(parseRational(formatRational(rational(22n, 7n)))).toEqual(rational(22n, 7n));
  });
});

describe('rational arithmetic', () => {
  it('reduces, compares, adds and floors exactly', () => {
    expect(rational(4n, -6n)).toEqual({ num: -2n, den: 3n });
    expect(addRational(parseRational('0.1'), parseRational('0.2'))).toEqual(parseRational('0.3')); // not 0.30000000000000004
    expect(compareRational(parseRational('1/3'), parseRational('0.3333333333'))).toBe(1);
    expect(floorRational(rational(-7n, 2n))).toBe(-4n);
    expect(floorRational(rational(7n, 2n))).toBe(3n);
    expect(floorRational(rational(-6n, 2n))).toBe(-3n);
  });

  it('takes integer square roots exactly, also far beyond 2^53', () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 30n, 10n ** 30n - 1n, (1n << 200n) + 12345n]) {
      const r = integerSqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n, String(n)).toBe(true);
    }
    expect(floorSqrt(parseRational('0.09'))).toBe(0n); // sigma = 0.3
    expect(floorSqrt(parseRational('99.99'))).toBe(9n);
    expect(floorSqrt(parseRational('100'))).toBe(10n);
  });

  it('converts to doubles, rounding up when asked', () => {
    expect(rationalToNumber(parseRational('0.3'))).toBe(0.3);
    expect(rationalToNumber(rational(1n << 2000n, 3n << 2000n))).toBeCloseTo(1 / 3, 15);
    const third = rational(1n, 3n);
    const up = rationalToNumberUp(third);
    expect(compareRational(doubleToRational(up), third)).toBe(1);
    expect(up - 1 / 3).toBeLessThanOrEqual(Number.EPSILON);
    expect(rationalToNumberUp(parseRational('0.5'))).toBe(0.5); // exact: unchanged
    expect(doubleToRational(0.1)).toEqual(rational(3602879701896397n, 1n << 55n));
  });
});
