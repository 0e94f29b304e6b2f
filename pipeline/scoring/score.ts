import { bitLimit, FEATURE_BITS } from './circuit-bit-widths.js';
import { FEATURE_NAMES, type FeatureName } from './feature-names.js';
import type { Formula } from './formula.js';

/** One user's features of a period (the columns of the `features` table). */
export type FeatureValues = Readonly<Record<FeatureName, bigint | number>>;

/**
 * The score: sum over the features of weight * min(feature, cap), in exact integer arithmetic
 * (the circuits recompute it bit for bit). Features are non-negative whole numbers that fit
 * FEATURE_BITS, as computeFeatures writes them; anything else is a bug upstream (Error).
 */
export function scoreOf(formula: Formula, features: FeatureValues): bigint {
  let score = 0n;
  for (const name of FEATURE_NAMES) {
    const value = featureValue(name, features[name]);
    const { weight, cap } = formula.features[name];
    const capped = value < BigInt(cap) ? value : BigInt(cap);
    score += BigInt(weight) * capped;
  }
  return score;
}

function featureValue(name: FeatureName, value: bigint | number | undefined): bigint {
  let whole: bigint;
  if (typeof value === 'bigint') whole = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) whole = BigInt(value);
  else throw new Error(`scoreOf: feature ${name} must be a whole number, got ${String(value)}`);
  if (whole < 0n) throw new Error(`scoreOf: feature ${name} must not be negative, got ${whole}`);
  if (whole >= bitLimit(FEATURE_BITS)) throw new Error(`scoreOf: feature ${name} = ${whole} does not fit ${FEATURE_BITS} bits`);
  return whole;
}
