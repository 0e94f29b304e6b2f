/** Why a trip is made: it decides the distance, the speed and how much ADAS is used. */
export type TripKind = 'commute' | 'errand' | 'leisure' | 'night' | 'road' | 'pickup';

/** A trip an owner intends to make on one day, before it is timed and measured. */
export interface TripPlan {
  /** Seconds after local midnight of the day; past 86400 for a night trip after midnight. */
  readonly startSecond: number;
  readonly distanceKm: number;
  readonly kind: TripKind;
}

/** One day of the window as an owner sees it. */
export interface DayContext {
  /** 0 for the first day of the window. */
  readonly index: number;
  readonly epochDay: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
  readonly isWeekend: boolean;
  readonly onVacation: boolean;
}

export function hours(h: number): number {
  return Math.round(h * 3600);
}
