/**
 * The regions owners live in. Each has a real IANA zone so that timestamps carry real
 * offsets and their changes: in the default window (from 2026-10-01) Europe ends DST on
 * 2026-10-25 and Sydney starts it on 2026-10-04; Los Angeles ends it on 2026-11-01, just
 * after a 30-day window. Shanghai (+08:00) and Mumbai (+05:30, a half-hour offset) have none.
 */
export interface Region {
  readonly code: string;
  readonly timeZone: string;
  /** Share of owners living there. */
  readonly weight: number;
  /** Share of vehicles there that are electric. */
  readonly evShare: number;
}

export const REGIONS: readonly Region[] = [
  { code: 'DE-BE', timeZone: 'Europe/Berlin', weight: 0.24, evShare: 0.3 },
  { code: 'CN-SH', timeZone: 'Asia/Shanghai', weight: 0.2, evShare: 0.45 },
  { code: 'US-CA', timeZone: 'America/Los_Angeles', weight: 0.16, evShare: 0.35 },
  { code: 'GB-LND', timeZone: 'Europe/London', weight: 0.12, evShare: 0.3 },
  { code: 'AU-NSW', timeZone: 'Australia/Sydney', weight: 0.1, evShare: 0.15 },
  { code: 'IN-MH', timeZone: 'Asia/Kolkata', weight: 0.1, evShare: 0.1 },
  { code: 'NO-03', timeZone: 'Europe/Oslo', weight: 0.08, evShare: 0.8 },
];
