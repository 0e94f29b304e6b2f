import { SECONDS_PER_DAY, clockTime, isoDateOfEpochDay } from './civil-time.js';

/** The offsets of one UTC day: constant, or one transition at `at` (a DST change). */
interface DayOffsets {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

/**
 * The real UTC offset of an IANA time zone at any instant, from the ICU data that ships with
 * Node (Intl with timeZoneName 'longOffset'). Intl is slow (microseconds per call), so offsets
 * are cached per UTC day: no zone changes its offset twice within 24 hours, so a day needs
 * two look-ups, plus a binary search on the rare day that holds a transition.
 * Times are whole seconds since the epoch; "local seconds" are the same count on the zone's
 * wall clock.
 */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayOffsets>();

  constructor(readonly timeZone: string) {
    // A fixed locale: the default one would make the parsed text depend on the machine.
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  }

  offsetSecondsAt(utcSeconds: number): number {
    const day = Math.floor(utcSeconds / SECONDS_PER_DAY);
    let offsets = this.days.get(day);
    if (offsets === undefined) {
      offsets = this.offsetsOfDay(day);
      this.days.set(day, offsets);
    }
    return utcSeconds < offsets.at ? offsets.before : offsets.after;
  }

  /**
   * The instant a wall-clock time names. In the hour a DST change skips or repeats there is no
   * single answer; any nearby instant will do for sample data, and the written offset is
   * always the real one of the instant chosen.
   */
  utcFromLocal(localSeconds: number): number {
    const guess = localSeconds - this.offsetSecondsAt(localSeconds);
    return localSeconds - this.offsetSecondsAt(guess);
  }

  /** ISO-8601 with the offset of that instant, e.g. 2026-10-25T02:30:00+02:00. */
  formatInstant(utcSeconds: number): string {
    const offset = this.offsetSecondsAt(utcSeconds);
    const local = utcSeconds + offset;
    const day = Math.floor(local / SECONDS_PER_DAY);
    return `${isoDateOfEpochDay(day)}T${clockTime(local - day * SECONDS_PER_DAY)}${offsetSuffix(offset)}`;
  }

  private offsetsOfDay(day: number): DayOffsets {
    const first = day * SECONDS_PER_DAY;
    const last = first + SECONDS_PER_DAY - 1;
    const before = this.lookUpOffset(first);
    const after = this.lookUpOffset(last);
    if (before === after) return { at: Infinity, before, after };
    let low = first; // offset here is `before`
    let high = last; // offset here is `after`
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.lookUpOffset(middle) === before) low = middle;
      else high = middle;
    }
    return { at: high, before, after };
  }

  private lookUpOffset(utcSeconds: number): number {
    const parts = this.format.formatToParts(new Date(utcSeconds * 1000));
    const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
    return parseGmtOffset(name, this.timeZone);
  }
}

/** 'GMT+05:30' -> 19800; 'GMT' (UTC itself) -> 0. */
export function parseGmtOffset(name: string, timeZone = '?'): number {
  if (name === 'GMT' || name === 'UTC') return 0;
  const match = /^GMT([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(name);
  if (!match) throw new Error(`unexpected UTC offset "${name}" from Intl for ${timeZone}`);
  const seconds = Number(match[2]) * 3600 + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
  return match[1] === '-' ? -seconds : seconds;
}

const suffixCache = new Map<number, string>();

/** '+02:00', '-07:00', '+00:00' (never 'Z', so every timestamp carries an explicit offset). */
export function offsetSuffix(offsetSeconds: number): string {
  let suffix = suffixCache.get(offsetSeconds);
  if (suffix === undefined) {
    const sign = offsetSeconds < 0 ? '-' : '+';
    const minutes = Math.round(Math.abs(offsetSeconds) / 60);
    suffix = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    suffixCache.set(offsetSeconds, suffix);
  }
  return suffix;
}

const clocks = new Map<string, ZoneClock>();

/** One shared clock per zone: the offsets are facts, so every run may reuse them. */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
