/** A probability as an exact fraction. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * An entrant's chances under the draw: the stones they expect, D w / W, and the probability of
 * winning at least one, min(1, D w / W), both exact (U uniform on [0, W)).
 */
export function drawOdds(stones: bigint, total: bigint, weight: bigint): { expected: Fraction; winAtLeastOne: Fraction } {
  if (total === 0n) return { expected: { numerator: 0n, denominator: 1n }, winAtLeastOne: { numerator: 0n, denominator: 1n } };
  const expected = { numerator: stones * weight, denominator: total };
  const winAtLeastOne = expected.numerator >= total ? { numerator: 1n, denominator: 1n } : expected;
  return { expected, winAtLeastOne };
}

/** A fraction as a decimal string with `digits` places (rounded down), for reports. */
export function fractionToDecimal(f: Fraction, digits = 6): string {
  const scale = 10n ** BigInt(digits);
  const scaled = (f.numerator * scale) / f.denominator;
  const whole = scaled / scale;
  const rest = (scaled % scale).toString().padStart(digits, '0');
  return digits === 0 ? whole.toString() : `${whole}.${rest}`;
}
