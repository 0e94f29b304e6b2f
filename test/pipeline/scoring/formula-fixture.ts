/** A valid formula.json value, small enough to work examples out by hand. */
export function fixtureFormulaJson(): Record<string, unknown> {
  return {
    id: 'stones-test',
    version: 3,
    pool: '1000',
    features: {
      active_days: { weight: 10, cap: 20, daily_cap: 1 },
      trips: { weight: 2, cap: 30, daily_cap: 5 },
      km: { weight: 1, cap: 500, daily_cap: 100 },
      adas_km: { weight: 3, cap: 50, daily_cap: 40 },
      night_km: { weight: 0, cap: 10, daily_cap: 20 },
      distinct_regions: { weight: 7, cap: 4, daily_cap: 2 },
      tenure_days: { weight: 1, cap: 60, daily_cap: 0 },
    },
    // Sensitivity 10 + 10 + 100 + 120 + 0 + 14 + 0 = 254 = k: one lattice step per user-day;
    // 24 coins give epsilon 2.4309 at delta 1e-6 (22 coins: 2.9342).
    noise: { k: 254, n: 24, epsilon: 2.5, delta: 0.000001 },
    batch_size: 16,
    privacy_unit: 'user_day',
    release: { grace_days: 2, period_epsilon: 5 },
  };
}

/** A deep copy of `json` with the value at a dotted path replaced (or removed, for undefined). */
export function withValue(json: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(json);
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}
