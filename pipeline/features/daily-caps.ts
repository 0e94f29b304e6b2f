import { ConfigError } from '../errors/config-error.js';

/**
 * The most one user can add to each feature in one local day. Each day's contribution is
 * clamped at its cap before days are summed, which bounds what one day of one user's driving
 * (the privacy unit) can change.
 */
export interface DailyCaps {
  trips: number;
  km: number;
  adas_km: number;
  night_km: number;
  distinct_regions: number;
}

/** The caps in force until the published formula file carries its own. */
export const DEFAULT_DAILY_CAPS: DailyCaps = Object.freeze({
  trips: 12,
  km: 600,
  adas_km: 600,
  night_km: 300,
  distinct_regions: 3,
});

const DAILY_CAP_FIELDS = ['trips', 'km', 'adas_km', 'night_km', 'distinct_regions'] as const satisfies readonly (keyof DailyCaps)[];

/** Largest cap accepted: caps are bound as SQL INTEGER. */
const MAX_DAILY_CAP = 2_147_483_647;

/** Checks every cap is a positive whole number; a ConfigError naming the first bad field. */
export function validateDailyCaps(caps: DailyCaps): DailyCaps {
  if (typeof caps !== 'object' || caps === null) throw new ConfigError(`caps must be an object with ${DAILY_CAP_FIELDS.join(', ')}`);
  for (const field of DAILY_CAP_FIELDS) {
    const value: unknown = caps[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_DAILY_CAP) {
      throw new ConfigError(`caps.${field} must be a positive whole number (at most ${MAX_DAILY_CAP}), got ${describe(value)}`);
    }
  }
  return caps;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
