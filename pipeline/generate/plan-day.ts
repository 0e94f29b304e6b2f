import type { Owner } from './owners.js';
import { planFreeDay, planWayBack, roadTrip } from './personas.js';
import type { Prng } from './prng.js';
import { hours, type DayContext, type TripPlan } from './trip-plan.js';

/**
 * The trips an owner intends to make on one day, in start order. Events that cut across
 * personas come first: a new owner's join day, the way back from a road trip, days away from
 * home, and a vacation that starts with a road trip.
 */
export function planOwnerDay(owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  return planDayByEvent(owner, day, rng).sort((a, b) => a.startSecond - b.startSecond);
}

function planDayByEvent(owner: Owner, day: DayContext, rng: Prng): TripPlan[] {
  const { state, habits } = owner;
  if (day.index === owner.joinDay && owner.joinDay > 0) return planJoinDay(rng);
  if (day.index === state.awayUntilDay) {
    return [{ startSecond: rng.uniform(hours(8), hours(13)), distanceKm: state.returnKm, kind: 'road' }];
  }
  if (day.index < state.awayUntilDay) return planFreeDay(owner, day, rng, 0.6, 0);
  if (day.index === habits.vacationFirstDay && habits.vacationRoadTrip) {
    const outward = roadTrip(owner, day, rng);
    planWayBack(owner, habits.vacationLastDay, outward.distanceKm * rng.uniform(0.95, 1.05));
    return [outward];
  }
  return owner.persona.planDay(owner, day, rng);
}

/**
 * A new owner's first trip is driving the car home from the dealer, in the daytime of the
 * join day: tenure starts with it. Sometimes a first drive around follows.
 */
function planJoinDay(rng: Prng): TripPlan[] {
  const pickup: TripPlan = { startSecond: rng.uniform(hours(10), hours(16)), distanceKm: rng.skewed(3, 40), kind: 'pickup' };
  if (!rng.chance(0.5)) return [pickup];
  const drive: TripPlan = { startSecond: pickup.startSecond + rng.uniform(hours(2), hours(4)), distanceKm: rng.skewed(5, 60), kind: 'leisure' };
  return [pickup, drive];
}
