import type { Prng } from './prng.js';
import type { Region } from './regions.js';

export interface Vehicle {
  readonly vehicleId: string;
  /** kWh per km at moderate speed; null for a combustion car (no energy reported). */
  readonly kwhPerKm: number | null;
  /** Older vehicles have no ADAS telemetry: their adas_km is null, not 0. */
  readonly reportsAdas: boolean;
}

/**
 * A household's second car is more often an older combustion car, which is why the slot
 * lowers both the EV share and the chance of ADAS telemetry.
 */
export function makeVehicle(rng: Prng, userNumber: number, slot: number, region: Region): Vehicle {
  const evShare = slot === 0 ? region.evShare : region.evShare * 0.5;
  const isElectric = rng.chance(evShare);
  return {
    vehicleId: `v${padNumber(userNumber)}-${slot + 1}`,
    kwhPerKm: isElectric ? rng.uniform(0.14, 0.22) : null,
    reportsAdas: rng.chance(slot === 0 ? 0.8 : 0.6),
  };
}

/** Fixed width for readable, sortable ids; a bigger number just gets longer (ids stay unique). */
export function padNumber(n: number): string {
  return String(n).padStart(7, '0');
}
