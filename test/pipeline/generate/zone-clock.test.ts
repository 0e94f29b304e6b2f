import { describe, expect, it } from 'vitest';
import { offsetSuffix, parseGmtOffset, ZoneClock } from '../../../pipeline/generate/zone-clock.js';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('ZoneClock', () => {
  it('gives Berlin +02:00 until DST ends at 01:00 UTC on 2026-10-25, then +01:00', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    expect(berlin.formatInstant(at('2026-10-24T12:00:00Z'))).toBe('2026-10-24T14:00:00+02:00');
    expect(berlin.formatInstant(at('2026-10-25T00:59:59Z'))).toBe('2026-10-25T02:59:59+02:00');
    expect(berlin.formatInstant(at('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00+01:00');
    expect(berlin.formatInstant(at('2026-10-26T06:30:00Z'))).toBe('2026-10-26T07:30:00+01:00');
  });

  it('handles zones without DST, half-hour offsets, the southern hemisphere and negative offsets', () => {
    expect(new ZoneClock('Asia/Shanghai').formatInstant(at('2026-10-25T01:00:00Z'))).toBe('2026-10-25T09:00:00+08:00');
    expect(new ZoneClock('Asia/Kolkata').formatInstant(at('2026-10-01T20:00:00Z'))).toBe('2026-10-02T01:30:00+05:30');
    const sydney = new ZoneClock('Australia/Sydney');
    expect(sydney.formatInstant(at('2026-10-03T15:59:59Z'))).toBe('2026-10-04T01:59:59+10:00');
    expect(sydney.formatInstant(at('2026-10-03T16:00:00Z'))).toBe('2026-10-04T03:00:00+11:00');
    const losAngeles = new ZoneClock('America/Los_Angeles');
    expect(losAngeles.formatInstant(at('2026-11-01T08:59:59Z'))).toBe('2026-11-01T01:59:59-07:00');
    expect(losAngeles.formatInstant(at('2026-11-01T09:00:00Z'))).toBe('2026-11-01T01:00:00-08:00');
    expect(new ZoneClock('Europe/London').formatInstant(at('2026-12-01T10:00:00Z'))).toBe('2026-12-01T10:00:00+00:00');
  });

  it('turns a wall-clock time into its instant', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    const local = (iso: string) => Date.parse(`${iso}Z`) / 1000;
    expect(berlin.utcFromLocal(local('2026-10-24T08:00:00'))).toBe(at('2026-10-24T06:00:00Z'));
    expect(berlin.utcFromLocal(local('2026-10-26T08:00:00'))).toBe(at('2026-10-26T07:00:00Z'));
    // 02:30 happens twice on 2026-10-25: either instant is that wall-clock time.
    const repeated = berlin.utcFromLocal(local('2026-10-25T02:30:00'));
    expect([at('2026-10-25T00:30:00Z'), at('2026-10-25T01:30:00Z')]).toContain(repeated);
    expect(berlin.formatInstant(repeated).slice(0, 19)).toBe('2026-10-25T02:30:00');
  });

  it('agrees with Intl on every hour of a month that holds a DST change', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    const reference = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });
    for (let t = at('2026-10-01T00:00:00Z'); t < at('2026-11-01T00:00:00Z'); t += 3600) {
      const name = reference.formatToParts(new Date(t * 1000)).find((part) => part.type === 'timeZoneName')!.value;
      expect(berlin.offsetSecondsAt(t)).toBe(parseGmtOffset(name));
    }
  });
});

describe('offsets', () => {
  it('parses Intl offset names', () => {
    expect(parseGmtOffset('GMT')).toBe(0);
    expect(parseGmtOffset('GMT+02:00')).toBe(7200);
    expect(parseGmtOffset('GMT-07:00')).toBe(-25200);
    expect(parseGmtOffset('GMT+05:45')).toBe(20700);
    expect(() => parseGmtOffset('CEST')).toThrow();
  });

  it('writes an explicit sign and hours:minutes', () => {
    expect(offsetSuffix(0)).toBe('+00:00');
    expect(offsetSuffix(19800)).toBe('+05:30');
    expect(offsetSuffix(-28800)).toBe('-08:00');
  });
});
