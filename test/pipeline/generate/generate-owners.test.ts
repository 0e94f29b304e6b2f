import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../pipeline/errors/index.js';
import { generateOwners, generateTrips, type GenerateOptions, type OwnerRecord } from '../../../pipeline/generate/index.js';

const OPTIONS: GenerateOptions = { users: 1000, days: 30, seed: 7 };
const owners = [...generateOwners(OPTIONS)];
const trips = [...generateTrips(OPTIONS)];

/** Each driver's first trip day: as written (the owner's local date) and in UTC. */
function firstTripDays(): Map<string, { local: string; utc: string }> {
  const first = new Map<string, { local: string; utc: string }>();
  for (const trip of trips) {
    const local = trip.started_at.slice(0, 10);
    const utc = new Date(trip.started_at).toISOString().slice(0, 10);
    const seen = first.get(trip.user_id);
    if (!seen) first.set(trip.user_id, { local, utc });
    else first.set(trip.user_id, { local: local < seen.local ? local : seen.local, utc: utc < seen.utc ? utc : seen.utc });
  }
  return first;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The owner number a row belongs to: u0000042 and u0000042e both belong to 42. */
function ownerNumber(owner: OwnerRecord): number {
  return Number(/^u(\d+)e?$/.exec(owner.user_id)?.[1]);
}

describe('generateOwners', () => {
  it('gives the same owners for the same options and others for another seed', () => {
    expect([...generateOwners(OPTIONS)]).toEqual(owners);
    expect([...generateOwners({ ...OPTIONS, seed: 8 })]).not.toEqual(owners);
  });

  it('keeps the prefix property: --users 100 is the first rows of --users 1000', () => {
    const small = [...generateOwners({ ...OPTIONS, users: 100 })];
    expect(small.length).toBeGreaterThan(90);
    expect(owners.slice(0, small.length)).toEqual(small);
    expect(owners.filter((o) => ownerNumber(o) <= 100)).toEqual(small);
  });

  it('lists each owner once, in owner-number order, with a real date', () => {
    expect(new Set(owners.map((o) => o.user_id)).size).toBe(owners.length);
    const numbers = owners.map(ownerNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    for (const owner of owners) {
      expect(owner.enrolled_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${owner.enrolled_on}T00:00:00Z`).toISOString().slice(0, 10)).toBe(owner.enrolled_on);
    }
  });

  it('enrols every driver on or before the day of their first trip, in their zone and in UTC', () => {
    const first = firstTripDays();
    let checked = 0;
    for (const owner of owners) {
      const day = first.get(owner.user_id);
      if (!day) continue;
      expect(owner.enrolled_on <= day.local, owner.user_id).toBe(true);
      expect(owner.enrolled_on <= day.utc, owner.user_id).toBe(true);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(900);
  });

  it('leaves about 3% of drivers out: they drove but never enrolled', () => {
    const enrolled = new Set(owners.map((o) => o.user_id));
    const drivers = [...firstTripDays().keys()];
    const unenrolled = drivers.filter((id) => !enrolled.has(id));
    expect(unenrolled.length / drivers.length).toBeGreaterThan(0.01);
    expect(unenrolled.length / drivers.length).toBeLessThan(0.06);
  });

  it('adds about 3% enrolled owners with no trip, under ids no trip has', () => {
    const drivers = new Set(trips.map((t) => t.user_id));
    const withoutTrips = owners.filter((o) => !drivers.has(o.user_id));
    expect(withoutTrips.length / OPTIONS.users).toBeGreaterThan(0.01);
    expect(withoutTrips.length / OPTIONS.users).toBeLessThan(0.06);
    for (const owner of withoutTrips) expect(owner.user_id).toMatch(/^u\d{7}e$/);
    // Some enrolled before the window, some during it (waiting for their car).
    expect(withoutTrips.some((o) => o.enrolled_on < '2026-10-01')).toBe(true);
    expect(withoutTrips.some((o) => o.enrolled_on >= '2026-10-01')).toBe(true);
  });

  it('dates the owners who joined before the window over the two years before it, most of them recent', () => {
    const first = firstTripDays();
    // Owners whose first trip is on the window's first days joined before it (or on day 0).
    const early = owners.filter((o) => (first.get(o.user_id)?.local ?? '9999') <= '2026-10-02' && o.enrolled_on < '2026-10-01');
    expect(early.length).toBeGreaterThan(500);
    const dates = early.map((o) => o.enrolled_on).sort();
    expect(dates[0]! >= addDays('2026-10-01', -730)).toBe(true);
    expect(dates.at(-1)! <= addDays('2026-10-01', -1)).toBe(true);
    expect(dates.filter((d) => d < addDays('2026-10-01', -365)).length).toBeGreaterThan(early.length * 0.1);
    expect(dates.filter((d) => d >= addDays('2026-10-01', -182)).length).toBeGreaterThan(early.length * 0.35);
  });

  it('enrols new owners shortly before they pick the car up', () => {
    const first = firstTripDays();
    const newOwners = owners.filter((o) => o.enrolled_on >= '2026-10-01' && first.has(o.user_id));
    expect(newOwners.length).toBeGreaterThan(100);
    for (const owner of newOwners) {
      const pickup = first.get(owner.user_id)!.local;
      expect(owner.enrolled_on >= addDays(pickup, -7)).toBe(true);
    }
  });

  it('never dates an enrolment before 2000-01-01, the first day ingest accepts', () => {
    const y2k = [...generateOwners({ users: 300, days: 10, seed: 1, start: '2000-02-01' })];
    expect(y2k.every((o) => o.enrolled_on >= '2000-01-01')).toBe(true);
    expect(y2k.some((o) => o.enrolled_on === '2000-01-01')).toBe(true);
  });

  it('refuses bad options with a UsageError before producing anything', () => {
    expect(() => generateOwners({ users: 0, days: 1, seed: 1 })).toThrow(UsageError);
    expect(() => generateOwners({ users: 1, days: 1, seed: 1, start: '2026-02-30' })).toThrow(UsageError);
  });
});
