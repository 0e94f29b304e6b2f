import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../../pipeline/errors/index.js';
import {
  DEFAULT_DAILY_CAPS,
  parsePeriod,
  periodDays,
  resolveTimeZone,
  startOfLocalDay,
  validateDailyCaps,
  type DailyCaps,
} from '../../../pipeline/features/index.js';

describe('parsePeriod', () => {
  it('gives the local calendar month as instants', () => {
    // Asia/Shanghai is UTC+8 all year: local 2026-11-01 00:00 = 2026-10-31 16:00 UTC.
    const shanghai = parsePeriod('2026-11', 'Asia/Shanghai');
    expect(shanghai).toEqual({
      id: '2026-11',
      timeZone: 'Asia/Shanghai',
      start: new Date('2026-10-31T16:00:00Z'),
      end: new Date('2026-11-30T16:00:00Z'),
      days: 30,
    });
    expect(periodDays(shanghai)).toEqual({ first: '2026-11-01', last: '2026-11-30' });

    // Europe/Berlin: October begins in summer time (UTC+2) and ends in winter time (UTC+1).
    const berlin = parsePeriod('2026-10', 'Europe/Berlin');
    expect(berlin.start).toEqual(new Date('2026-09-30T22:00:00Z'));
    expect(berlin.end).toEqual(new Date('2026-10-31T23:00:00Z'));
    expect(berlin.days).toBe(31);

    const december = parsePeriod('2026-12', 'UTC');
    expect(december.start).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(december.end).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(parsePeriod('2028-02', 'UTC').days).toBe(29);
    expect(parsePeriod('2026-02', 'UTC').days).toBe(28);
  });

  it('makes the zone letter case canonical', () => {
    expect(parsePeriod('2026-11', 'utc').timeZone).toBe('UTC');
    expect(parsePeriod('2026-11', 'asia/shanghai').timeZone).toBe('Asia/Shanghai');
    expect(resolveTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });

  it.each(['2026-13', '2026-00', '26-11', '2026-1', '2026/11', '2026-11-01', '', 'November', '1969-12'])('rejects the period "%s" with a UsageError', (id) => {
    expect(() => parsePeriod(id, 'UTC')).toThrow(UsageError);
    expect(() => parsePeriod(id, 'UTC')).toThrow(/period must be a month written YYYY-MM/);
  });

  it.each(['Mars/Olympus_Mons', 'Asia/Shang', '+08:00', 'UTC+8', '', ' ', '../etc/passwd'])('rejects the time zone "%s" with a UsageError', (zone) => {
    expect(() => parsePeriod('2026-11', zone)).toThrow(UsageError);
    expect(() => parsePeriod('2026-11', zone)).toThrow(/unknown time zone/);
  });
});

describe('startOfLocalDay', () => {
  it('takes the instant the clocks jump when a DST gap skips midnight', () => {
    // Paraguay, 2017-10-01: at 00:00 (UTC-4) = 04:00 UTC the clocks jumped to 01:00 (UTC-3).
    expect(startOfLocalDay('America/Asuncion', 2017, 10, 1)).toEqual(new Date('2017-10-01T04:00:00Z'));
    expect(parsePeriod('2017-10', 'America/Asuncion').start).toEqual(new Date('2017-10-01T04:00:00Z'));
  });

  it('takes the earlier midnight when midnight happens twice', () => {
    // Havana, 2026-11-01: at 01:00 (UTC-4) = 05:00 UTC the clocks go back to 00:00 (UTC-5),
    // so 00:00 of the 1st comes at 04:00 UTC and again at 05:00 UTC.
    expect(startOfLocalDay('America/Havana', 2026, 11, 1)).toEqual(new Date('2026-11-01T04:00:00Z'));
  });

  it('starts the day after a 25-hour day at its only midnight', () => {
    // Sao Paulo, 2018-02-18: at 00:00 (UTC-2) = 02:00 UTC the clocks went back to 23:00 of
    // the 17th (UTC-3): the 17th lasted 25 hours and the 18th began at 03:00 UTC.
    expect(startOfLocalDay('America/Sao_Paulo', 2018, 2, 18)).toEqual(new Date('2018-02-18T03:00:00Z'));
  });
});

describe('validateDailyCaps', () => {
  it('accepts the default caps', () => {
    expect(validateDailyCaps(DEFAULT_DAILY_CAPS)).toBe(DEFAULT_DAILY_CAPS);
  });

  it.each<[keyof DailyCaps, unknown]>([
    ['trips', 0],
    ['km', -1],
    ['adas_km', 1.5],
    ['night_km', Number.NaN],
    ['distinct_regions', '3'],
    ['km', undefined],
    ['trips', 2 ** 31],
  ])('rejects caps.%s = %s with a ConfigError naming the field', (field, value) => {
    const caps = { ...DEFAULT_DAILY_CAPS, [field]: value } as unknown as DailyCaps;
    expect(() => validateDailyCaps(caps)).toThrow(ConfigError);
    expect(() => validateDailyCaps(caps)).toThrow(`caps.${field} must be a positive whole number`);
  });
});
