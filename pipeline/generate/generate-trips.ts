import { SECONDS_PER_DAY, isWeekend, weekdayOfEpochDay } from './civil-time.js';
import { resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions } from './generate-options.js';
import { ownerFor, type Owner } from './owners.js';
import { planOwnerDay } from './plan-day.js';
import type { Prng } from './prng.js';
import { measureTrip, type TripMeasures } from './trip-measures.js';
import type { DayContext } from './trip-plan.js';
import type { TripRecord } from './trip-record.js';
import type { Vehicle } from './vehicles.js';
import { zoneClock, type ZoneClock } from './zone-clock.js';

/** Shortest pause between two trips of one owner, in seconds. */
const MIN_GAP_SECONDS = 120;

/**
 * Realistic, seeded trips for `users` owners over `days` local days from `start`, ordered by
 * owner then time. The same options always give the same records. Options are checked now,
 * not at the first `next()`, so a bad value fails before any file is opened.
 */
export function generateTrips(options: GenerateOptions): Generator<TripRecord> {
  return tripsOfAllOwners(resolveGenerateOptions(options));
}

function* tripsOfAllOwners(options: ResolvedGenerateOptions): Generator<TripRecord> {
  for (let userNumber = 1; userNumber <= options.users; userNumber++) {
    yield* tripsOfOwner(options, userNumber);
  }
}

/**
 * One owner's trips, day by day. A trip that would start before the previous one ended (an
 * errand planned during a long commute, a night ride after midnight) waits for it instead,
 * so an owner's trips, hence each vehicle's, never overlap.
 */
function* tripsOfOwner(options: ResolvedGenerateOptions, userNumber: number): Generator<TripRecord> {
  const { owner, rng } = ownerFor(options.seed, userNumber, options.days);
  const clock = zoneClock(owner.region.timeZone);
  const windowEnd = clock.utcFromLocal((options.startEpochDay + options.days) * SECONDS_PER_DAY);
  let previousEnd = -Infinity;
  let tripCount = 0;
  for (let index = owner.joinDay; index <= owner.lastDay; index++) {
    const day = dayContext(options, owner, index);
    const vehicle = vehicleOfTheDay(owner, rng);
    const midnight = day.epochDay * SECONDS_PER_DAY;
    for (const plan of planOwnerDay(owner, day, rng)) {
      const planned = clock.utcFromLocal(midnight + Math.round(plan.startSecond));
      const start = Math.max(planned, previousEnd + MIN_GAP_SECONDS + rng.integer(0, 600));
      const measures = measureTrip(plan, vehicle, owner.habits.adasAffinity, rng);
      const end = start + measures.durationSeconds;
      // Only trips wholly inside the window: the file stands for exactly these days.
      if (end > windowEnd) break;
      previousEnd = end;
      tripCount += 1;
      yield tripRecord(owner, vehicle, clock, tripCount, start, end, measures);
    }
  }
}

function dayContext(options: ResolvedGenerateOptions, owner: Owner, index: number): DayContext {
  const epochDay = options.startEpochDay + index;
  const weekday = weekdayOfEpochDay(epochDay);
  const { vacationFirstDay, vacationLastDay } = owner.habits;
  return {
    index,
    epochDay,
    weekday,
    isWeekend: isWeekend(weekday),
    onVacation: index >= vacationFirstDay && index <= vacationLastDay,
  };
}

/** In a two-car household the second car is taken on some days; taxi drivers keep theirs. */
function vehicleOfTheDay(owner: Owner, rng: Prng): Vehicle {
  const [first, second] = owner.vehicles;
  if (second !== undefined && owner.persona.name !== 'night-shift' && rng.chance(0.3)) return second;
  return first!;
}

function tripRecord(owner: Owner, vehicle: Vehicle, clock: ZoneClock, tripNumber: number, start: number, end: number, measures: TripMeasures): TripRecord {
  return {
    trip_id: `t${owner.userId.slice(1)}-${tripNumber}`,
    user_id: owner.userId,
    vehicle_id: vehicle.vehicleId,
    started_at: clock.formatInstant(start),
    ended_at: clock.formatInstant(end),
    distance_km: measures.distanceKm,
    energy_kwh: measures.energyKwh,
    adas_km: measures.adasKm,
    region: owner.regionLabel,
  };
}
