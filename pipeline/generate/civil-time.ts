/**
 * Calendar arithmetic on epoch days and seconds, in plain integers: the generator must not
 * depend on the machine's time zone, so it never builds a local Date.
 */
export const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3_600;

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday.
  return (((epochDay + 4) % 7) + 7) % 7;
}

export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

/** The epoch day of a strict 'YYYY-MM-DD' date, or undefined when it is not a real date. */
export function epochDayFromIsoDate(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-31 over to March: a round trip catches it.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / 1000 / SECONDS_PER_DAY;
}

const isoDateCache = new Map<number, string>();

/** 'YYYY-MM-DD' of an epoch day, cached: a window has few days and millions of timestamps. */
export function isoDateOfEpochDay(epochDay: number): string {
  let text = isoDateCache.get(epochDay);
  if (text === undefined) {
    text = new Date(epochDay * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
    isoDateCache.set(epochDay, text);
  }
  return text;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** 'HH:MM:SS' of a second of the day (0 ... 86399). */
export function clockTime(secondOfDay: number): string {
  const hours = Math.floor(secondOfDay / SECONDS_PER_HOUR);
  const minutes = Math.floor((secondOfDay % SECONDS_PER_HOUR) / 60);
  return `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secondOfDay % 60]}`;
}
