import { startOfLocalDay } from '../features/time-zone.js';
import type { Period } from '../features/period.js';

/**
 * When a period's scores may be released: local midnight of the day `graceDays` days after the
 * period's last day, in the period's time zone (its end plus that many local calendar days for
 * late files, daylight saving included). Scores and awards are released once, by the first
 * run at or after this instant; runs before it load data and release nothing about scores.
 */
export function periodCloseOf(period: Pick<Period, 'id' | 'timeZone'>, graceDays: number): Date {
  const [year, month] = period.id.split('-').map(Number) as [number, number];
  // Day 1 + graceDays of the next month; startOfLocalDay rolls an overflowing day into the month after.
  return startOfLocalDay(period.timeZone, month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1 + graceDays);
}

export function isPeriodClosed(period: Pick<Period, 'id' | 'timeZone'>, graceDays: number, now: Date): boolean {
  return now.getTime() >= periodCloseOf(period, graceDays).getTime();
}
