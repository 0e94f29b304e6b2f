import { sha256Hex } from '../hashing/sha256.js';
import { canonicalJson } from '../scoring/canonical-formula-json.js';
import type { StatisticsPolicy } from '../scoring/statistics-policy.js';
import { statisticsPolicyJsonValue } from '../scoring/statistics-policy.js';

/** Hex SHA-256 of the canonical JSON of the statistics policy. */
export function policySha256(policy: StatisticsPolicy): string {
  return sha256Hex(canonicalJson(statisticsPolicyJsonValue(policy)));
}
