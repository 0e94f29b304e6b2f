import { formatRational, rationalToNumber, type Rational } from '../privacy/rational.js';
import type { PrivacyCost } from '../privacy/privacy-accounting.js';
import type { CostJson } from './statistics-release.js';

/**
 * A fraction as exact text: a plain decimal when it is one ("0.02", "948.684", "5"), "num/den"
 * otherwise ("1000000/19999988"). parseRational reads both back to the same value.
 */
export function exactText(value: Rational): string {
  let den = value.den;
  let twos = 0;
  let fives = 0;
  while (den % 2n === 0n) [den, twos] = [den / 2n, twos + 1];
  while (den % 5n === 0n) [den, fives] = [den / 5n, fives + 1];
  if (den !== 1n) return formatRational(value);
  const digits = Math.max(twos, fives);
  if (digits === 0) return value.num.toString();
  const scaled = (value.num * 10n ** BigInt(digits)) / value.den; // exact: den divides 10^digits
  const negative = scaled < 0n;
  const text = (negative ? -scaled : scaled).toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function costJson(cost: PrivacyCost): CostJson {
  return {
    rho: exactText(cost.rho),
    rho_value: rationalToNumber(cost.rho),
    epsilon: cost.epsilon === null ? null : exactText(cost.epsilon),
    epsilon_value: cost.epsilon === null ? null : rationalToNumber(cost.epsilon),
  };
}
