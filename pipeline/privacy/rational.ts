/**
 * Exact rational numbers on BigInt: the noise parameters (a Laplace scale, a Gaussian sigma)
 * and the privacy costs (epsilon, rho) are kept as fractions so that a published "0.3" means
 * exactly 3/10, and composing costs adds fractions with no rounding. Floating point appears
 * only in `rationalToNumber`, for display and for the (epsilon, delta) conversion of a report.
 */

/** num/den in lowest terms, with den > 0. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num/den reduced to lowest terms; a zero denominator is a RangeError. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational: zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;
const DECIMAL_LEADING_DOT = /^([+-]?)()\.(\d+)(?:[eE]([+-]?\d{1,4}))?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;

/**
 * The exact value of a decimal or a fraction written as text: "3", "0.3", ".5", "12.5",
 * "1e4", "2.5e-3", "1/3". A RangeError names anything else (also "Infinity", "0x10", "1/0").
 */
export function parseRational(text: string): Rational {
  const trimmed = text.trim();
  const fraction = FRACTION.exec(trimmed);
  if (fraction) {
    if (/^0+$/.test(fraction[2] as string)) throw new RangeError(`not a number: "${text}" (zero denominator)`);
    return rational(BigInt(fraction[1] as string), BigInt(fraction[2] as string));
  }
  const decimal = DECIMAL.exec(trimmed) ?? DECIMAL_LEADING_DOT.exec(trimmed);
  if (!decimal) throw new RangeError(`not a decimal number or fraction: "${text}"`);
  const [, sign, whole, fractionDigits = '', exponentText = '0'] = decimal;
  const exponent = Number(exponentText) - fractionDigits.length;
  let num = BigInt(`${whole || '0'}${fractionDigits}`);
  if (sign === '-') num = -num;
  return exponent >= 0 ? rational(num * 10n ** BigInt(exponent)) : rational(num, 10n ** BigInt(-exponent));
}

/** "3/10", or "3" for a whole number: the exact text form, which `parseRational` reads back. */
export function formatRational(value: Rational): string {
  return value.den === 1n ? value.num.toString() : `${value.num}/${value.den}`;
}

/** The nearest double (display, reports); exact fractions stay in the Rational. */
export function rationalToNumber(value: Rational): number {
  const shift = Math.max(bitLength(value.num), bitLength(value.den)) - 1000;
  if (shift <= 0) return Number(value.num) / Number(value.den);
  const s = BigInt(shift);
  return Number(value.num >> s) / Number(value.den >> s);
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length;
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function subtract(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function divide(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('rational: division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** floor(value), for any sign. */
export function floorRational(value: Rational): bigint {
  const q = value.num / value.den; // truncates toward zero
  return value.num < 0n && q * value.den !== value.num ? q - 1n : q;
}

/** floor(sqrt(n)) for n >= 0, exactly (Newton's method on BigInt). */
export function integerSqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('integerSqrt of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2)); // x >= sqrt(n)
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** floor(sqrt(value)) for value >= 0: floor(sqrt(x)) = floor(sqrt(floor(x))) for real x >= 0. */
export function floorSqrt(value: Rational): bigint {
  if (value.num < 0n) throw new RangeError('floorSqrt of a negative number');
  return integerSqrt(value.num / value.den);
}

/** The exact value of a finite double. */
export function doubleToRational(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  let mantissa = x;
  let exponent = 0;
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2; // exact: doubling never rounds a finite double below 2^1023
    exponent += 1;
  }
  return rational(BigInt(mantissa), 1n << BigInt(exponent));
}

/** The smallest double >= value (for costs that are reported: never below the exact cost). */
export function rationalToNumberUp(value: Rational): number {
  const x = rationalToNumber(value);
  if (!Number.isFinite(x) || compare(doubleToRational(x), value) >= 0) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : x < 0 ? bits - 1n : 1n); // one ulp towards +infinity
  return view.getFloat64(0);
}
