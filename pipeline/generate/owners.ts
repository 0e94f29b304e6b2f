import { PERSONAS, type Persona } from './personas.js';
import { Prng } from './prng.js';
import { REGIONS, type Region } from './regions.js';
import { hours } from './trip-plan.js';
import { makeVehicle, padNumber, type Vehicle } from './vehicles.js';

/** An owner's stable habits, drawn once so that the same person behaves alike every day. */
export interface Habits {
  readonly commuteKm: number;
  readonly departSecond: number;
  readonly workSeconds: number;
  /** Share of workdays spent at home (remote work, sick days). */
  readonly homeDayRate: number;
  readonly shiftStartSecond: number;
  /** Weekdays a night-shift driver does not work. */
  readonly daysOff: readonly number[];
  /** Share of km driven with ADAS when the road allows it; 0 for owners who never use it. */
  readonly adasAffinity: number;
  /** Window day indexes of a vacation (may start before the window); empty when none. */
  readonly vacationFirstDay: number;
  readonly vacationLastDay: number;
  readonly vacationRoadTrip: boolean;
}

/** What an owner has planned across days: the way back from a road trip. */
export interface TripState {
  awayUntilDay: number;
  returnKm: number;
}

export interface Owner {
  readonly userNumber: number;
  readonly userId: string;
  readonly persona: Persona;
  readonly region: Region;
  /** null when the owner turned location sharing off (the zone still gives the offsets). */
  readonly regionLabel: string | null;
  /**
   * Window day of the first possible trip. 0 stands for owners who joined before the window
   * (the file only holds the window); a later day is a new owner, whose first trip is that day.
   */
  readonly joinDay: number;
  /** Last window day with trips: earlier than the window's end for an owner who sold the car. */
  readonly lastDay: number;
  readonly vehicles: readonly Vehicle[];
  readonly habits: Habits;
  readonly state: TripState;
}

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
