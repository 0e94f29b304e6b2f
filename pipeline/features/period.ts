import { UsageError } from '../errors/usage-error.js';
import { resolveTimeZone, startOfLocalDay } from './time-zone.js';

/**
 * A reporting period: one local calendar month in one IANA time zone.
 * `start` and `end` are the instants the month begins and ends (end exclusive): local
 * 00:00 of the month's first day and of the next month's first day in `timeZone`.
 */
export interface Period {
  /** 'YYYY-MM' */
  id: string;
  timeZone: string;
  start: Date;
  /** exclusive */
  end: Date;
  /** number of calendar days in the month */
  days: number;
}

const PERIOD_ID = /^(\d{4})-(\d{2})$/;
const MIN_YEAR = 1970;
const MAX_YEAR = 9998;

/** Parses 'YYYY-MM' in an IANA zone; a UsageError (one clear line) for anything else. */
export function parsePeriod(id: string, timeZone: string): Period {
  const match = PERIOD_ID.exec(id.trim());
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || year < MIN_YEAR || year > MAX_YEAR) {
    throw new UsageError(`period must be a month written YYYY-MM (e.g. 2026-11), got "${id}"`);
  }
  const zone = resolveTimeZone(timeZone);
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  return {
    id: `${match[1]}-${match[2]}`,
    timeZone: zone,
    start: startOfLocalDay(zone, year, month, 1),
    end: startOfLocalDay(zone, nextYear, nextMonth, 1),
    days: daysInMonth(year, month),
  };
}

/** The local calendar days of the period, as 'YYYY-MM-DD' (first and last, inclusive). */
export function periodDays(period: Pick<Period, 'id' | 'days'>): { first: string; last: string } {
  return { first: `${period.id}-01`, last: `${period.id}-${String(period.days).padStart(2, '0')}` };
}

function daysInMonth(year: number, month: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0); // day 0 of the next month
  return lastDay.getUTCDate();
}
