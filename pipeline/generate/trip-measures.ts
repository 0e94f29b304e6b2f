import type { Prng } from './prng.js';
import type { TripKind, TripPlan } from './trip-plan.js';
import type { Vehicle } from './vehicles.js';

export interface TripMeasures {
  readonly durationSeconds: number;
  /** Already rounded to 0.001 km. */
  readonly distanceKm: number;
  readonly energyKwh: number | null;
  readonly adasKm: number | null;
}

/**
 * Duration, energy and ADAS km of a planned trip. Distances are handled in whole metres so
 * that rounding to 0.001 km can never put adas_km above distance_km.
 */
export function measureTrip(plan: TripPlan, vehicle: Vehicle, adasAffinity: number, rng: Prng): TripMeasures {
  const metres = Math.max(100, Math.round(plan.distanceKm * 1000));
  const km = metres / 1000;
  const speedKmh = averageSpeedKmh(km, plan.kind, rng);
  const breakSeconds = plan.kind === 'road' ? Math.floor(km / 200) * rng.uniform(900, 2400) : 0;
  return {
    durationSeconds: Math.max(60, Math.round((km / speedKmh) * 3600 + breakSeconds)),
    distanceKm: km,
    energyKwh: vehicle.kwhPerKm === null ? null : energyKwh(km, speedKmh, vehicle.kwhPerKm, rng),
    adasKm: vehicle.reportsAdas ? adasMetres(metres, plan.kind, adasAffinity, rng) / 1000 : null,
  };
}

/**
 * Short trips are urban and slow, long ones mostly highway: about 25 km/h at 3 km, 45 at
 * 15 km, 90 at 200 km, never above 125. Night roads are emptier.
 */
function averageSpeedKmh(km: number, kind: TripKind, rng: Prng): number {
  const base = 18 + (85 * km) / (km + 35) + rng.normal(0, 4);
  const speed = kind === 'night' ? base * 1.12 : base;
  return Math.min(125, Math.max(10, speed));
}

/** Consumption rises with highway speed; very short trips pay for warming up the cabin. */
function energyKwh(km: number, speedKmh: number, kwhPerKm: number, rng: Prng): number {
  const speedFactor = 1 + Math.max(0, speedKmh - 70) / 90;
  const warmUp = km < 3 ? 0.15 : 0;
  const kwh = km * kwhPerKm * speedFactor * rng.uniform(0.9, 1.12) + warmUp;
  return Math.round(kwh * 1000) / 1000;
}

/** ADAS is used on highways: its share grows with the trip's length, up to all of it. */
function adasMetres(metres: number, kind: TripKind, adasAffinity: number, rng: Prng): number {
  const km = metres / 1000;
  const highwayShare = km / (km + 25);
  const share = adasAffinity * highwayShare * rng.uniform(0.6, 1) * (kind === 'road' ? 1.15 : 1);
  return Math.round(metres * Math.min(1, share));
}
