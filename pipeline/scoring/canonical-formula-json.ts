import { sha256Hex } from '../hashing/sha256.js';
import { FEATURE_NAMES } from './feature-names.js';
import type { Formula } from './formula.js';
import { statisticsPolicyJsonValue } from './statistics-policy.js';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The canonical JSON of a formula: the bytes its SHA-256 is taken of, the same for every
 * formula.json that parses to the same Formula, whatever its key order, spacing or number
 * spelling (1e6 or 1000000 are refused for the pool anyway: it is a string).
 *
 * - object keys sorted recursively by UTF-16 code units (all keys are ASCII: plain byte order);
 * - no whitespace at all;
 * - `pool` as a decimal string ("1000000"); every other number as JSON.stringify writes it
 *   (whole numbers plainly, `delta` in its shortest round-trip form, e.g. 1e-8);
 * - `noise.n` always, also when formula.json leaves it to be derived from the target;
 * - lists (the statistics policy's regions and score bin edges) in their order;
 * - the `statistics`, `plan`, `draw` and `beacon` sections only when the formula has them (formulas without them keep their hash);
 * - UTF-8, no trailing newline.
 *
 * For these values this is the JSON Canonicalization Scheme (RFC 8785), so any JCS library can
 * recompute it.
 */
export function canonicalFormulaJson(formula: Formula): string {
  return canonicalJson(formulaJsonValue(formula));
}

/** Hex SHA-256 of the canonical JSON (UTF-8). */
export function formulaSha256(formula: Formula): string {
  return sha256Hex(canonicalFormulaJson(formula));
}

/** The formula as the JSON value formula.json holds (pool back to a string). */
function formulaJsonValue(formula: Formula): { readonly [key: string]: JsonValue } {
  const features: Record<string, JsonValue> = {};
  for (const name of FEATURE_NAMES) {
    const { weight, cap, daily_cap } = formula.features[name];
    features[name] = { weight, cap, daily_cap };
  }
  return {
    id: formula.id,
    version: formula.version,
    pool: formula.pool.toString(),
    features,
    noise: { k: formula.noise.k, n: formula.noise.n, epsilon: formula.noise.epsilon, delta: formula.noise.delta },
    batch_size: formula.batch_size,
    privacy_unit: formula.privacy_unit,
    release: { grace_days: formula.release.grace_days, period_epsilon: formula.release.period_epsilon },
    ...(formula.statistics === undefined ? {} : { statistics: statisticsPolicyJsonValue(formula.statistics) }),
    ...(formula.plan === undefined
      ? {}
      : { plan: { first_period: formula.plan.first_period, periods: formula.plan.periods, total: formula.plan.total.toString() } }),
    ...(formula.draw === undefined
      ? {}
      : { draw: { stones: formula.draw.stones, crystals_per_entry: formula.draw.crystals_per_entry, max_entries: formula.draw.max_entries } }),
    ...(formula.beacon === undefined ? {} : { beacon: { drand: { ...formula.beacon.drand }, margin_seconds: formula.beacon.margin_seconds } }),
  };
}

/** Canonical JSON (the rules above) of any JSON value made of strings, numbers, lists and objects. */
export function canonicalJson(value: JsonValue): string {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (isList(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonical JSON: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  const object = value as { readonly [key: string]: JsonValue };
  const keys = Object.keys(object).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`).join(',')}}`;
}

function isList(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}
