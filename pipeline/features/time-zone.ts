import { UsageError } from '../errors/usage-error.js';

/**
 * IANA time-zone names, checked and converted with the JavaScript Intl API (ICU). The SQL of
 * the features stage converts with DuckDB's own ICU; computeFeatures checks that DuckDB knows
 * the zone too, so a zone accepted here but unknown there still fails with a UsageError.
 */

// An IANA name ("Asia/Shanghai", "UTC", "Etc/GMT+5"), not an offset ("+08:00") that Intl
// of newer Node versions would also take.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The zone name as given, checked against the Intl zone database, with its letter case
 * made canonical ('utc' -> 'UTC', 'asia/shanghai' -> 'Asia/Shanghai'). Aliases are kept as
 * given ('Asia/Kolkata' stays 'Asia/Kolkata' even where ICU prefers 'Asia/Calcutta').
 */
export function resolveTimeZone(name: string): string {
  const given = name.trim();
  let resolved: string;
  try {
    if (!ZONE_NAME.test(given)) throw new RangeError('not an IANA name');
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: given }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`unknown time zone "${name}": give an IANA name such as UTC, Europe/Berlin or Asia/Shanghai`);
  }
  const lower = given.toLowerCase();
  if (resolved.toLowerCase() === lower) return resolved;
  const listed = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === lower);
  return listed ?? given;
}

/** Milliseconds to add to the instant `ms` (UTC) to get the wall-clock time in `timeZone`. */
function zoneOffsetMs(timeZone: string, ms: number): number {
  const seconds = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(seconds))) parts[part.type] = part.value;
  const wall = new Date(0);
  wall.setUTCFullYear(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return wall.getTime() - seconds;
}

const HOUR = 3_600_000;

/**
 * The first instant of the local calendar day `year-month-day` in `timeZone`: the instant
 * whose wall-clock time is 00:00 that day (the earlier one if 00:00 happens twice), or, when a
 * DST gap skips midnight, the instant the clocks jump, which is the first instant of that day.
 */
export function startOfLocalDay(timeZone: string, year: number, month: number, day: number): Date {
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month - 1, day);
  const wall = midnight.getTime(); // local midnight read as if it were UTC

  // Every offset the zone uses around that day (real offsets are within +-15 h, and zones
  // change offset at most once within a few hours).
  const offsets = new Set<number>();
  for (let h = -30; h <= 30; h++) offsets.add(zoneOffsetMs(timeZone, wall + h * HOUR));

  // Instants whose wall clock reads exactly 00:00: wall - offset, when that offset applies then.
  const exact = [...offsets].map((offset) => wall - offset).filter((t) => zoneOffsetMs(timeZone, t) === wall - t);
  if (exact.length > 0) return new Date(Math.min(...exact));

  // Midnight falls in a gap: the day begins at the transition, between the instant that
  // reads 00:00 in the larger offset and the one that reads 00:00 in the smaller offset.
  const sorted = [...offsets].sort((a, b) => a - b);
  let lo = wall - (sorted[sorted.length - 1] ?? 0); // wall clock already past 00:00 here
  let hi = wall - (sorted[0] ?? 0);
  // Binary search (to the second) for the first instant whose wall clock reaches 00:00.
  const reached = (t: number): boolean => t + zoneOffsetMs(timeZone, t) >= wall;
  lo -= HOUR; // make sure lo is before the jump
  while (reached(lo)) lo -= HOUR;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
