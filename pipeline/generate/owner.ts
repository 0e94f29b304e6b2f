// An owner and their driving persona refer to each other, so their types live together here.
import type { Prng } from './prng.js';
import type { Region } from './regions.js';
import type { DayContext, TripPlan } from './trip-plan.js';
import type { Vehicle } from './vehicles.js';

type PersonaName = 'commuter' | 'occasional' | 'weekend' | 'night-shift' | 'road-tripper';

/** A driving style: how often, when and how far an owner drives on a given day. */
export interface Persona {
  readonly name: PersonaName;
  /** Share of owners with this persona. */
  readonly weight: number;
  planDay(owner: Owner, day: DayContext, rng: Prng): TripPlan[];
}

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
interface TripState {
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
