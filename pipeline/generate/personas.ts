import type { Owner, Persona } from './owner.js';
import type { Prng } from './prng.js';
import { hours, type DayContext, type TripPlan } from './trip-plan.js';

export type { Persona } from './owner.js';

export const PERSONAS: readonly Persona[] = [
  { name: 'commuter', weight: 0.45, planDay: planCommuterDay },
  { name: 'occasional', weight: 0.22, planDay: planOccasionalDay },
  { name: 'weekend', weight: 0.16, planDay: planWeekendDriverDay },
  { name: 'night-shift', weight: 0.07, planDay: planNightShiftDay },
  { name: 'road-tripper', weight: 0.1, planDay: planRoadTripperDay },
];

/** Weekdays: to work and back at habitual times, sometimes an errand; weekends are free. */
function planCommuterDay(owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  if (day.isWeekend || day.onVacation) return planFreeDay(owner, day, rng, 0.8, 0.015);
  const { habits } = owner;
  if (rng.chance(habits.homeDayRate)) return rng.chance(0.5) ? errands(rng, rng.integer(1, 2), 9, 19, 1, 12, 'errand') : [];
  const depart = rng.normal(habits.departSecond, 900);
  const back = depart + habits.workSeconds + rng.normal(0, 1800);
  const plans: TripPlan[] = [
    { startSecond: depart, distanceKm: habits.commuteKm * rng.uniform(0.97, 1.08), kind: 'commute' },
    { startSecond: back, distanceKm: habits.commuteKm * rng.uniform(0.97, 1.1), kind: 'commute' },
  ];
  if (rng.chance(0.1)) plans.push(...errands(rng, 1, 12, 13.5, 2, 8, 'errand'));
  if (rng.chance(0.45)) {
    plans.push({ startSecond: back + rng.uniform(hours(1.5), hours(3.5)), distanceKm: rng.skewed(1, 12), kind: 'errand' });
  }
  return plans;
}

/** A few short daytime errands on about a third of the days. */
function planOccasionalDay(_owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  if (!rng.chance(day.isWeekend ? 0.5 : 0.4)) return [];
  return errands(rng, rng.integer(1, 3), 8, 19, 1, 15, 'errand');
}

/** Little on weekdays; longer leisure trips on most weekends, now and then a road trip. */
function planWeekendDriverDay(owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  if (!day.isWeekend && !day.onVacation) {
    return rng.chance(0.3) ? errands(rng, rng.integer(1, 2), 10, 19, 3, 30, 'errand') : [];
  }
  if (rng.chance(0.04)) return [roadTrip(owner, day, rng)];
  return rng.chance(0.85) ? errands(rng, rng.integer(2, 4), 9, 21, 5, 80, 'leisure') : [];
}

/**
 * Taxi-like: many short rides through the night, five nights a week; the rides after
 * midnight belong to the shift that started the evening before.
 */
function planNightShiftDay(owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  const { habits } = owner;
  if (day.onVacation || habits.daysOff.includes(day.weekday) || rng.chance(0.05)) {
    return rng.chance(0.3) ? errands(rng, 1, 11, 17, 2, 10, 'errand') : [];
  }
  const plans: TripPlan[] = [];
  let start = rng.normal(habits.shiftStartSecond, 900);
  const shiftEnd = start + rng.uniform(hours(7.5), hours(10));
  while (start < shiftEnd) {
    const distanceKm = rng.skewed(1.5, 20);
    plans.push({ startSecond: start, distanceKm, kind: 'night' });
    start += (distanceKm / 30) * 3600 + rng.uniform(600, 3000);
  }
  return plans;
}

/** Local errands most days and frequent long-distance trips, usually with a way back. */
function planRoadTripperDay(owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  if (rng.chance(day.isWeekend ? 0.2 : 0.08)) return [roadTrip(owner, day, rng)];
  return rng.chance(0.65) ? errands(rng, rng.integer(1, 2), 8, 20, 2, 25, 'errand') : [];
}

/** A day with no fixed schedule (weekend, vacation, away from home). */
export function planFreeDay(owner: Owner, day: DayContext, rng: Prng, driveChance: number, roadTripChance: number): TripPlan[] {
  if (rng.chance(roadTripChance)) return [roadTrip(owner, day, rng)];
  if (!rng.chance(driveChance)) return [];
  const count = rng.pickWeighted(FREE_DAY_TRIP_COUNTS).count;
  return errands(rng, count, 9, 20, 2, 40, 'leisure');
}

const FREE_DAY_TRIP_COUNTS = [
  { count: 1, weight: 0.3 },
  { count: 2, weight: 0.4 },
  { count: 3, weight: 0.2 },
  { count: 4, weight: 0.1 },
] as const;

/**
 * A long trip (180 to 900 km) leaving in the morning. Most road trips come back a few days
 * later: the owner's state keeps the day and distance of the way back.
 */
export function roadTrip(owner: Owner, day: DayContext, rng: Prng): TripPlan {
  const distanceKm = rng.skewed(180, 900);
  if (rng.chance(0.7)) planWayBack(owner, day.index + rng.integer(1, 5), distanceKm * rng.uniform(0.95, 1.05));
  return { startSecond: rng.uniform(hours(6.5), hours(10.5)), distanceKm, kind: 'road' };
}

export function planWayBack(owner: Owner, returnDay: number, distanceKm: number): void {
  owner.state.awayUntilDay = returnDay;
  owner.state.returnKm = distanceKm;
}

function errands(rng: Prng, count: number, fromHour: number, toHour: number, lowKm: number, highKm: number, kind: 'errand' | 'leisure'): TripPlan[] {
  const plans: TripPlan[] = [];
  for (let i = 0; i < count; i++) {
    plans.push({ startSecond: rng.uniform(hours(fromHour), hours(toHour)), distanceKm: rng.skewed(lowKm, highKm), kind });
  }
  return plans;
}
