import type { Habits, Owner } from './owner.js';
import { PERSONAS } from './personas.js';
import { Prng } from './prng.js';
import { REGIONS } from './regions.js';
import { hours } from './trip-plan.js';
import { makeVehicle, padNumber } from './vehicles.js';

export type { Owner } from './owner.js';

const NEW_OWNER_SHARE = 0.28;
const SOLD_CAR_SHARE = 0.02;
const TWO_VEHICLE_SHARE = 0.15;
const LOCATION_OFF_SHARE = 0.04;

/**
 * The owner behind a user number, with the random stream that goes on to draw their trips.
 * Each owner has a stream of their own, so one owner's trips never depend on another's.
 */
export function ownerFor(seed: number, userNumber: number, days: number): { owner: Owner; rng: Prng } {
  const rng = Prng.forStream(seed, userNumber);
  return { owner: makeOwner(rng, userNumber, days), rng };
}

function makeOwner(rng: Prng, userNumber: number, days: number): Owner {
  const persona = rng.pickWeighted(PERSONAS);
  const region = rng.pickWeighted(REGIONS);
  const joinDay = days > 1 && rng.chance(NEW_OWNER_SHARE) ? rng.integer(1, days - 1) : 0;
  const lastDay = rng.chance(SOLD_CAR_SHARE) ? rng.integer(joinDay, days - 1) : days - 1;
  const vehicleCount = rng.chance(TWO_VEHICLE_SHARE) ? 2 : 1;
  const vehicles = Array.from({ length: vehicleCount }, (_, slot) => makeVehicle(rng, userNumber, slot, region));
  return {
    userNumber,
    userId: `u${padNumber(userNumber)}`,
    persona,
    region,
    regionLabel: rng.chance(LOCATION_OFF_SHARE) ? null : region.code,
    joinDay,
    lastDay,
    vehicles,
    habits: makeHabits(rng, days),
    state: { awayUntilDay: -1, returnKm: 0 },
  };
}

function makeHabits(rng: Prng, days: number): Habits {
  const hasVacation = rng.chance(0.25);
  const vacationFirstDay = hasVacation ? rng.integer(-6, days - 1) : -1;
  const firstDayOff = rng.integer(0, 6);
  return {
    commuteKm: rng.skewed(3, 60),
    departSecond: rng.uniform(hours(6.25), hours(8.75)),
    workSeconds: rng.uniform(hours(8), hours(9.75)),
    homeDayRate: rng.chance(0.3) ? rng.uniform(0.2, 0.5) : rng.uniform(0.02, 0.08),
    shiftStartSecond: rng.uniform(hours(18.5), hours(22.5)),
    daysOff: [firstDayOff, (firstDayOff + rng.integer(1, 3)) % 7],
    adasAffinity: rng.chance(0.25) ? 0 : rng.uniform(0.35, 1),
    vacationFirstDay,
    vacationLastDay: hasVacation ? vacationFirstDay + rng.integer(4, 12) : -2,
    vacationRoadTrip: rng.chance(0.4),
  };
}
