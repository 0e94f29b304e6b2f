import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../pipeline/errors/index.js';
import { generateTrips, REGIONS, type GenerateOptions, type TripRecord } from '../../../pipeline/generate/index.js';
import { ownerFor } from '../../../pipeline/generate/owners.js';

const OCTOBER: GenerateOptions = { users: 600, days: 30, seed: 7 };
const octoberTrips = [...generateTrips(OCTOBER)];
// A spring window: Los Angeles (Mar 14), Europe (Mar 28) and Sydney (Apr 4) change offsets.
const SPRING: GenerateOptions = { users: 300, days: 28, seed: 3, start: '2027-03-10' };
const springTrips = [...generateTrips(SPRING)];

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const ZONE_OF_REGION = new Map(REGIONS.map((region) => [region.code, region.timeZone]));

function seconds(timestamp: string): number {
  return Date.parse(timestamp) / 1000;
}

/** The local date of a timestamp, as written (the wall clock of the trip's region). */
function localDate(timestamp: string): string {
  return timestamp.slice(0, 10);
}

function localHour(timestamp: string): number {
  return Number(timestamp.slice(11, 13));
}

function isWeekendDate(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The ingest rules (pipeline/ingest/quarantine-reasons.ts), checked row by row. */
function ingestViolations(trip: TripRecord): string[] {
  const problems: string[] = [];
  for (const key of ['trip_id', 'user_id', 'vehicle_id'] as const) if (!trip[key]) problems.push(`${key} empty`);
  if (!TIMESTAMP.test(trip.started_at) || !TIMESTAMP.test(trip.ended_at)) problems.push('timestamp format');
  const duration = seconds(trip.ended_at) - seconds(trip.started_at);
  if (!(duration > 0)) problems.push('ended_at not after started_at');
  if (duration > 86_400) problems.push('longer than 24 h');
  if (!(trip.distance_km >= 0 && trip.distance_km <= 1500)) problems.push('distance out of range');
  if (Math.round(trip.distance_km * 1000) / 1000 !== trip.distance_km) problems.push('distance not rounded to 0.001');
  if ((trip.distance_km / duration) * 3600 > 250) problems.push('speed above 250 km/h');
  if (trip.energy_kwh !== null && !(trip.energy_kwh >= 0)) problems.push('negative energy');
  if (trip.adas_km !== null && !(trip.adas_km >= 0 && trip.adas_km <= trip.distance_km)) problems.push('adas out of range');
  return problems;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

const wallClock = new Map<string, Intl.DateTimeFormat>();

/** An independent reading of an instant on a zone's wall clock, 'YYYY-MM-DDTHH:MM:SS'. */
function wallClockText(utcSeconds: number, timeZone: string): string {
  let format = wallClock.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClock.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(utcSeconds * 1000)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('generateTrips', () => {
  it('gives the same trips for the same options and different trips for another seed', () => {
    expect([...generateTrips(OCTOBER)]).toEqual(octoberTrips);
    const otherSeed = [...generateTrips({ ...OCTOBER, seed: 8 })];
    expect(otherSeed).not.toEqual(octoberTrips);
    expect(otherSeed[0]).not.toEqual(octoberTrips[0]);
  });

  it('makes about 1.5 to 3 trips per user-day, ordered by user then time', () => {
    const perUserDay = octoberTrips.length / (OCTOBER.users * OCTOBER.days);
    expect(perUserDay).toBeGreaterThan(1.4);
    expect(perUserDay).toBeLessThan(3);
    for (let i = 1; i < octoberTrips.length; i++) {
      const [previous, trip] = [octoberTrips[i - 1]!, octoberTrips[i]!];
      if (previous.user_id === trip.user_id) expect(seconds(trip.started_at)).toBeGreaterThan(seconds(previous.started_at));
      else expect(trip.user_id > previous.user_id).toBe(true);
    }
  });

  it.each([
    ['October', octoberTrips],
    ['spring', springTrips],
  ])('writes only rows that pass every ingest rule (%s)', (_name, trips) => {
    const bad = trips.map((trip) => ({ trip, problems: ingestViolations(trip) })).filter((row) => row.problems.length > 0);
    expect(bad.slice(0, 5)).toEqual([]);
    expect(new Set(trips.map((trip) => trip.trip_id)).size).toBe(trips.length);
  });

  it('keeps average speeds realistic', () => {
    const speeds = octoberTrips.map((trip) => (trip.distance_km / (seconds(trip.ended_at) - seconds(trip.started_at))) * 3600);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(130);
    const typical = speeds.filter((speed) => speed >= 15 && speed <= 120).length / speeds.length;
    expect(typical).toBeGreaterThan(0.9);
  });

  it('never overlaps two trips of one vehicle', () => {
    for (const trips of groupBy(octoberTrips, (trip) => trip.vehicle_id).values()) {
      const sorted = [...trips].sort((a, b) => seconds(a.started_at) - seconds(b.started_at));
      for (let i = 1; i < sorted.length; i++) {
        expect(seconds(sorted[i]!.started_at)).toBeGreaterThanOrEqual(seconds(sorted[i - 1]!.ended_at));
      }
    }
  });

  it('keeps every trip inside the window, on the local calendar of its region', () => {
    const check = (trips: TripRecord[], options: GenerateOptions) => {
      const first = options.start ?? '2026-10-01';
      const end = addDays(first, options.days);
      for (const trip of trips) {
        expect(localDate(trip.started_at) >= first && localDate(trip.started_at) < end).toBe(true);
        expect(trip.ended_at.slice(0, 19) <= `${end}T00:00:00`).toBe(true);
      }
    };
    check(octoberTrips, OCTOBER);
    check(springTrips, SPRING);
  });

  it('writes the real UTC offset of the region at each instant', () => {
    for (const trip of [...octoberTrips, ...springTrips]) {
      const zone = trip.region === null ? undefined : ZONE_OF_REGION.get(trip.region);
      if (zone === undefined) continue;
      for (const timestamp of [trip.started_at, trip.ended_at]) {
        expect(wallClockText(seconds(timestamp), zone), `${timestamp} in ${zone}`).toBe(timestamp.slice(0, 19));
      }
    }
  });

  it('switches Berlin from +02:00 to +01:00 when DST ends on 2026-10-25; Shanghai stays +08:00', () => {
    const berlin = octoberTrips.filter((trip) => trip.region === 'DE-BE');
    const before = berlin.filter((trip) => localDate(trip.started_at) < '2026-10-25');
    const after = berlin.filter((trip) => localDate(trip.started_at) > '2026-10-25');
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(50);
    expect(before.every((trip) => trip.started_at.endsWith('+02:00'))).toBe(true);
    expect(after.every((trip) => trip.started_at.endsWith('+01:00'))).toBe(true);
    const shanghai = octoberTrips.filter((trip) => trip.region === 'CN-SH');
    expect(shanghai.length).toBeGreaterThan(100);
    expect(shanghai.every((trip) => trip.started_at.endsWith('+08:00') && trip.ended_at.endsWith('+08:00'))).toBe(true);
    expect(octoberTrips.some((trip) => trip.region === 'IN-MH' && trip.started_at.endsWith('+05:30'))).toBe(true);
  });

  it('spreads owners over every region, with some location sharing off', () => {
    const regions = new Set(octoberTrips.map((trip) => trip.region));
    for (const region of REGIONS) expect(regions.has(region.code)).toBe(true);
    expect(regions.has(null)).toBe(true);
  });

  it('spreads first trips over the window: old owners from the start, new owners on their join day', () => {
    const firstTrips = [...groupBy(octoberTrips, (trip) => trip.user_id).values()].map((trips) => trips[0]!);
    const firstDays = firstTrips.map((trip) => localDate(trip.started_at));
    expect(new Set(firstDays).size).toBeGreaterThanOrEqual(20);
    const early = firstDays.filter((day) => day <= '2026-10-03').length;
    expect(early / firstDays.length).toBeGreaterThan(0.5);
    expect(early / firstDays.length).toBeLessThan(0.9);
    let newOwners = 0;
    for (const trip of firstTrips) {
      const { owner } = ownerFor(OCTOBER.seed, Number(trip.user_id.slice(1)), OCTOBER.days);
      if (owner.joinDay === 0) continue;
      newOwners += 1;
      expect(localDate(trip.started_at)).toBe(addDays('2026-10-01', owner.joinDay));
    }
    expect(newOwners).toBeGreaterThan(50);
  });

  it('gives commuters a weekday rhythm: morning and evening trips on workdays, fewer on weekends', () => {
    const personaOf = (userId: string) => ownerFor(OCTOBER.seed, Number(userId.slice(1)), OCTOBER.days).owner.persona.name;
    const commuterTrips = octoberTrips.filter((trip) => personaOf(trip.user_id) === 'commuter');
    const commuters = new Set(commuterTrips.map((trip) => trip.user_id)).size;
    expect(commuters).toBeGreaterThan(150);
    // October 2026 from the 1st, 30 days: 8 weekend days and 22 weekdays.
    const weekday = commuterTrips.filter((trip) => !isWeekendDate(localDate(trip.started_at)));
    const weekend = commuterTrips.filter((trip) => isWeekendDate(localDate(trip.started_at)));
    const morningRush = (trips: TripRecord[]) => trips.filter((trip) => localHour(trip.started_at) >= 6 && localHour(trip.started_at) < 9).length;
    expect(morningRush(weekday) / (commuters * 22)).toBeGreaterThan(0.5);
    expect(morningRush(weekend) / (commuters * 8)).toBeLessThan(0.05);
    expect(weekday.length / 22).toBeGreaterThan((weekend.length / 8) * 1.2);
  });

  it('has night-shift drivers whose trips are mostly at night, and some long road trips', () => {
    const personaOf = (userId: string) => ownerFor(OCTOBER.seed, Number(userId.slice(1)), OCTOBER.days).owner.persona.name;
    const night = octoberTrips.filter((trip) => personaOf(trip.user_id) === 'night-shift');
    const atNight = night.filter((trip) => localHour(trip.started_at) >= 18 || localHour(trip.started_at) < 7).length;
    expect(atNight / night.length).toBeGreaterThan(0.8);
    const long = octoberTrips.filter((trip) => trip.distance_km > 300);
    expect(long.length).toBeGreaterThan(5);
    expect(Math.max(...octoberTrips.map((trip) => trip.distance_km))).toBeLessThan(1000);
  });

  it('reports energy for electric cars only and ADAS for newer cars only, per vehicle', () => {
    const vehicles = [...groupBy(octoberTrips, (trip) => trip.vehicle_id).values()];
    const electric = vehicles.filter((trips) => trips.every((trip) => trip.energy_kwh !== null));
    const combustion = vehicles.filter((trips) => trips.every((trip) => trip.energy_kwh === null));
    expect(electric.length + combustion.length).toBe(vehicles.length);
    expect(electric.length / vehicles.length).toBeGreaterThan(0.15);
    expect(combustion.length / vehicles.length).toBeGreaterThan(0.4);
    const noAdas = vehicles.filter((trips) => trips.every((trip) => trip.adas_km === null));
    const withAdas = vehicles.filter((trips) => trips.every((trip) => trip.adas_km !== null));
    expect(noAdas.length + withAdas.length).toBe(vehicles.length);
    expect(noAdas.length / vehicles.length).toBeGreaterThan(0.1);
    expect(noAdas.length / vehicles.length).toBeLessThan(0.4);
    const kwhPerKm = electric.flat().reduce((sum, trip) => sum + trip.energy_kwh!, 0) / electric.flat().reduce((sum, trip) => sum + trip.distance_km, 0);
    expect(kwhPerKm).toBeGreaterThan(0.12);
    expect(kwhPerKm).toBeLessThan(0.3);
  });

  it('uses ADAS on a share of km, more on long trips', () => {
    const reported = octoberTrips.filter((trip) => trip.adas_km !== null);
    const share = (trips: TripRecord[]) => trips.reduce((sum, trip) => sum + trip.adas_km!, 0) / trips.reduce((sum, trip) => sum + trip.distance_km, 0);
    expect(share(reported)).toBeGreaterThan(0.1);
    expect(share(reported)).toBeLessThan(0.9);
    const long = share(reported.filter((trip) => trip.distance_km > 100));
    const short = share(reported.filter((trip) => trip.distance_km < 10));
    expect(long).toBeGreaterThan(short * 2);
  });

  it('gives some owners two vehicles', () => {
    const vehiclesPerUser = [...groupBy(octoberTrips, (trip) => trip.user_id).values()].map((trips) => new Set(trips.map((trip) => trip.vehicle_id)).size);
    const twoCars = vehiclesPerUser.filter((count) => count === 2).length / vehiclesPerUser.length;
    expect(twoCars).toBeGreaterThan(0.05);
    expect(twoCars).toBeLessThan(0.3);
    expect(Math.max(...vehiclesPerUser)).toBe(2);
  });

  it('rejects bad options with a UsageError before producing anything', () => {
    expect(() => generateTrips({ users: 0, days: 1, seed: 1 })).toThrow(UsageError);
    expect(() => generateTrips({ users: 1.5, days: 1, seed: 1 })).toThrow(UsageError);
    expect(() => generateTrips({ users: 1, days: 0, seed: 1 })).toThrow(UsageError);
    expect(() => generateTrips({ users: 1, days: 1, seed: -1 })).toThrow(UsageError);
    expect(() => generateTrips({ users: 1, days: 1, seed: 1, start: '2026-02-30' })).toThrow(UsageError);
    expect(() => generateTrips({ users: 1, days: 1, seed: 1, start: '1/10/2026' })).toThrow(UsageError);
  });

  it('handles a one-day window and large seeds', () => {
    const trips = [...generateTrips({ users: 50, days: 1, seed: Number.MAX_SAFE_INTEGER })];
    expect(trips.length).toBeGreaterThan(10);
    expect(trips.every((trip) => localDate(trip.started_at) === '2026-10-01')).toBe(true);
    expect(trips.flatMap(ingestViolations)).toEqual([]);
  });
});
