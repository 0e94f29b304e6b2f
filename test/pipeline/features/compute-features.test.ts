import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { ConfigError, UsageError } from '../../../pipeline/errors/index.js';
import { computeFeatures, DEFAULT_DAILY_CAPS, parsePeriod, type DailyCaps, type Period } from '../../../pipeline/features/index.js';

interface Trip {
  id: string;
  user: string;
  start: string; // UTC instant
  km: number;
  adas?: number;
  region?: string;
}

// Small caps so that a handful of trips reaches them.
const SMALL_CAPS: DailyCaps = { trips: 3, km: 100, adas_km: 40, night_km: 30, distinct_regions: 2 };
// For the DST user: only the trips cap (5) is ever reached.
const DST_CAPS: DailyCaps = { ...DEFAULT_DAILY_CAPS, trips: 5 };

const FIXTURE: Trip[] = [
  // alice: clamping. All her trips are daytime in Shanghai (UTC+8) and on the same date there.
  // 2026-11-03: 4 trips, regions in order of first trip: north 02:00, east 03:00, west 04:00.
  { id: 'a1', user: 'alice', start: '2026-11-03T02:00:00Z', km: 60.0004, adas: 30, region: 'north' }, // 60000 m (60000.4 rounds down)
  { id: 'a2', user: 'alice', start: '2026-11-03T03:00:00Z', km: 50, adas: 20, region: 'east' }, // 50000 m
  { id: 'a3', user: 'alice', start: '2026-11-03T04:00:00Z', km: 0.4996, region: 'west' }, // 500 m (499.6 rounds up), no ADAS
  { id: 'a4', user: 'alice', start: '2026-11-03T05:00:00Z', km: 10, adas: 5, region: 'east' }, // 10000 m
  // 2026-11-04: 999 m + 1 m = exactly 1 km (whole km of the day's sum, not of each trip).
  { id: 'a5', user: 'alice', start: '2026-11-04T10:00:00Z', km: 0.9994, adas: 0.9994, region: 'west' }, // 999 m, ADAS 999 m
  { id: 'a6', user: 'alice', start: '2026-11-04T11:00:00Z', km: 0.0006 }, // 1 m (0.6 rounds up), no region

  // bob: the trip at 2026-10-31T17:30Z is October in UTC but 2026-11-01 01:30 (night) in Shanghai.
  { id: 'b1', user: 'bob', start: '2026-10-31T17:30:00Z', km: 20, region: 'south' },
  // 2026-11-10: regions by first trip: zulu 07:00, then mike and yank both at 08:00 (tie -> by
  // name: mike, yank). Cap 2 keeps zulu, mike and drops yank. Ordering by name alone (mike,
  // yank) or breaking the tie the other way (zulu, yank) would count yank: 3 regions, not 2.
  { id: 'b2', user: 'bob', start: '2026-11-10T07:00:00Z', km: 5, region: 'zulu' },
  { id: 'b3', user: 'bob', start: '2026-11-10T08:00:00Z', km: 5, region: 'yank' },
  { id: 'b4', user: 'bob', start: '2026-11-10T08:00:00Z', km: 5, region: 'mike' },
  // 2026-11-12: zulu, mike again.
  { id: 'b5', user: 'bob', start: '2026-11-12T09:00:00Z', km: 1, region: 'zulu' },
  { id: 'b6', user: 'bob', start: '2026-11-12T10:00:00Z', km: 1, region: 'mike' },

  // carol: tenure from a trip months before the period.
  { id: 'c1', user: 'carol', start: '2026-06-15T12:00:00Z', km: 10 },
  { id: 'c2', user: 'carol', start: '2026-11-20T12:00:00Z', km: 7.5, adas: 7.5, region: 'north' },

  // dirk: Europe/Berlin leaves summer time on 2026-10-25 at 03:00 CEST (UTC+2) = 01:00 UTC,
  // when the clocks go back to 02:00 CET (UTC+1): the 25th lasts 25 hours. 10 km each, no region.
  { id: 'd1', user: 'dirk', start: '2026-10-24T22:30:00Z', km: 10 }, // Berlin 25th 00:30 CEST night | UTC 24th 22:30 night
  { id: 'd2', user: 'dirk', start: '2026-10-25T22:30:00Z', km: 10 }, // Berlin 25th 23:30 CET  night | UTC 25th 22:30 night
  { id: 'd3', user: 'dirk', start: '2026-10-25T01:30:00Z', km: 10 }, // Berlin 25th 02:30 CET (the 2nd 02:30) night | UTC 25th 01:30 night
  { id: 'd4', user: 'dirk', start: '2026-10-25T04:30:00Z', km: 10 }, // Berlin 25th 05:30 CET  night | UTC 25th 04:30 night
  { id: 'd5', user: 'dirk', start: '2026-10-25T05:30:00Z', km: 10 }, // Berlin 25th 06:30 CET  day   | UTC 25th 05:30 night
  { id: 'd6', user: 'dirk', start: '2026-10-24T04:30:00Z', km: 10 }, // Berlin 24th 06:30 CEST day   | UTC 24th 04:30 night
  { id: 'd7', user: 'dirk', start: '2026-10-24T20:30:00Z', km: 10 }, // Berlin 24th 22:30 CEST night | UTC 24th 20:30 day
  { id: 'd8', user: 'dirk', start: '2026-10-25T20:30:00Z', km: 10 }, // Berlin 25th 21:30 CET  day   | UTC 25th 20:30 day

  // erin: one trip in September only: a row of zeros in October and November (she is enrolled).
  { id: 'e1', user: 'erin', start: '2026-09-10T12:00:00Z', km: 42, region: 'east' },

  // hana enrolled on 11-15: h1 is before that day everywhere; h3 is 11-14 in UTC (before) but
  // 11-15 04:00 (night) in Shanghai, her enrolment day; h2 is on her enrolment day everywhere.
  { id: 'h1', user: 'hana', start: '2026-11-10T12:00:00Z', km: 8 },
  { id: 'h3', user: 'hana', start: '2026-11-14T20:00:00Z', km: 3 },
  { id: 'h2', user: 'hana', start: '2026-11-15T12:00:00Z', km: 8 },

  // ivan drives in November but never enrolled: no row, his trips counted as unenrolled.
  { id: 'i1', user: 'ivan', start: '2026-11-05T12:00:00Z', km: 12, region: 'north' },
  { id: 'i2', user: 'ivan', start: '2026-11-06T12:00:00Z', km: 4 },

  // kate enrolled on 12-01, after November's last day: no row in November, her trip there unenrolled.
  { id: 'k1', user: 'kate', start: '2026-11-25T12:00:00Z', km: 9 },
];

/**
 * The enrolment file of the fixture: every owner a period scores (jack has no trip at all;
 * ivan is not here). Tenure counts from these dates: tenure_days = last day - enrolled_on + 1.
 */
const OWNERS: Record<string, string> = {
  alice: '2026-11-03',
  bob: '2026-10-31',
  carol: '2026-06-15',
  dirk: '2026-10-24',
  erin: '2026-09-10',
  hana: '2026-11-15',
  jack: '2026-01-01',
  kate: '2026-12-01',
};

type Row = [user: string, activeDays: number, trips: number, km: number, adasKm: number, nightKm: number, regions: number, tenure: number];

async function insertTrips(connection: DuckDBConnection, trips: readonly Trip[]): Promise<void> {
  for (const [index, trip] of trips.entries()) {
    await connection.run(
      `INSERT INTO trips VALUES ($id, $user, 'car-' || $user, CAST($start AS TIMESTAMPTZ),
         CAST($start AS TIMESTAMPTZ) + INTERVAL 20 MINUTE, $km, NULL, $adas, $region, 1, $line)`,
      { id: trip.id, user: trip.user, start: trip.start, km: trip.km, adas: trip.adas ?? null, region: trip.region ?? null, line: index + 2 },
    );
  }
}

async function insertOwners(connection: DuckDBConnection, owners: Record<string, string>): Promise<void> {
  for (const [index, [user, enrolledOn]] of Object.entries(owners).entries()) {
    await connection.run(`INSERT INTO owners VALUES ($user, CAST($day AS DATE), 2, $line)`, { user, day: enrolledOn, line: index + 2 });
  }
}

/** The features of one period, without computed_at, ordered by user. */
async function readFeatures(connection: DuckDBConnection, period: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(
    `SELECT user_id, active_days, trips, km, adas_km, night_km, distinct_regions, tenure_days
     FROM features WHERE period = $period ORDER BY user_id`,
    { period },
  );
  return reader.getRowsJS().map(([user, ...numbers]) => [String(user), ...numbers.map(Number)] as Row);
}

async function zonesOf(connection: DuckDBConnection, period: string): Promise<string[]> {
  const reader = await connection.runAndReadAll('SELECT DISTINCT time_zone FROM features WHERE period = $period', { period });
  return reader.getRowsJS().map(([zone]) => String(zone));
}

describe('computeFeatures on a hand-computed fixture', () => {
  let db: Database;

  beforeEach(async () => {
    db = await openDatabase(':memory:');
    await insertTrips(db.connection, FIXTURE);
    await insertOwners(db.connection, OWNERS);
  });
  afterEach(() => db.close());

  it('2026-11 in UTC, small caps', async () => {
    const result = await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'UTC'), caps: SMALL_CAPS });
    // 7 owners enrolled by 11-30 (not kate), 4 of them drove; ivan (2 trips) and kate (1) are
    // not enrolled by then; h1 and h3 are before hana's enrolment day.
    expect(result).toEqual({ users: 7, activeUsers: 4, unenrolledTrips: 3, unenrolledDrivers: 2, tripsBeforeEnrolment: 2 });
    expect(await readFeatures(db.connection, '2026-11')).toEqual<Row[]>([
      // alice, 2 days:
      //   11-03: 4 trips -> 3 (cap); 60000+50000+500+10000 = 120500 m -> 120 km -> 100 (cap);
      //          ADAS 30000+20000+0+5000 = 55000 m -> 55 -> 40 (cap); night (UTC hour in 22..5):
      //          a1 at 02:00 only, 60000 m -> 60 -> 30 (cap); regions kept: north, east (cap 2).
      //   11-04: 2 trips; 999+1 = 1000 m -> 1 km; ADAS 999 m -> 0 km; night 0; regions: west.
      //   trips 3+2 = 5, km 100+1 = 101, ADAS 40+0 = 40, night 30+0 = 30,
      //   regions {north, east} + {west} = 3 (west counts: the 4th kept it although the 3rd dropped it);
      //   tenure: enrolled 11-03 -> 30 - 3 + 1 = 28.
      ['alice', 2, 5, 101, 40, 30, 3, 28],
      // bob: b1 is on 10-31 in UTC (outside the period).
      //   11-10: 3 trips (= cap), 15 km, daytime, regions kept zulu, mike (yank dropped);
      //   11-12: 2 trips, 2 km, daytime, regions zulu, mike.
      //   active 2, trips 5, km 17, regions {zulu, mike} = 2; tenure: enrolled 10-31 -> 31 (10-31 .. 11-30).
      ['bob', 2, 5, 17, 0, 0, 2, 31],
      // carol: c2 on 11-20: 7500 m -> 7 km, ADAS 7 km, 12:00 is daytime, region north;
      //   tenure: enrolled 06-15 -> 16 (06-15..06-30) + 31 + 31 + 30 + 31 + 30 = 169.
      ['carol', 1, 1, 7, 7, 0, 1, 169],
      // dirk (October) and erin (September): no trip in the period, enrolled: a row of zeros but tenure.
      //   dirk 10-24..11-30 = 8 + 30 = 38; erin 09-10..11-30 = 21 + 31 + 30 = 82.
      ['dirk', 0, 0, 0, 0, 0, 0, 38],
      ['erin', 0, 0, 0, 0, 0, 0, 82],
      // hana: only h2 (11-15, her enrolment day, 12:00): 1 trip, 8 km, daytime; h1 (11-10) and
      //   h3 (11-14 in UTC) are before her enrolment. tenure 11-15..11-30 = 16.
      ['hana', 1, 1, 8, 0, 0, 0, 16],
      // jack: enrolled on 01-01, never drove: 334 days (01-01..11-30).
      ['jack', 0, 0, 0, 0, 0, 0, 334],
      // ivan (never enrolled) and kate (enrolled 12-01): no row.
    ]);
    expect(await zonesOf(db.connection, '2026-11')).toEqual(['UTC']);
  });

  it('2026-11 in Asia/Shanghai, small caps: a trip of 10-31 17:30 UTC belongs to November there', async () => {
    const result = await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'Asia/Shanghai'), caps: SMALL_CAPS });
    // As in UTC, except that h3 falls on hana's enrolment day here: 1 trip before enrolment, not 2.
    expect(result).toEqual({ users: 7, activeUsers: 4, unenrolledTrips: 3, unenrolledDrivers: 2, tripsBeforeEnrolment: 1 });
    expect(await readFeatures(db.connection, '2026-11')).toEqual<Row[]>([
      // alice: same days as in UTC (local 10:00..13:00 and 18:00..19:00) but none at night:
      //   night 0 instead of 30; everything else as in UTC.
      ['alice', 2, 5, 101, 40, 0, 3, 28],
      // bob: 11-01 (b1 at local 01:30, night): 1 trip, 20 km, night 20 (< cap 30), region south;
      //   11-10 and 11-12 (local 15:00..18:00) as in UTC: 3 + 2 trips, 15 + 2 km, zulu, mike.
      //   active 3, trips 6, km 37, night 20, regions {south, zulu, mike} = 3;
      //   tenure: enrolled 10-31 -> 31, as in UTC: it does not depend on the zone or on driving.
      ['bob', 3, 6, 37, 0, 20, 3, 31],
      // carol: local 20:00 on 06-15 and 11-20: as in UTC.
      ['carol', 1, 1, 7, 7, 0, 1, 169],
      // dirk: all his trips are on 10-24..10-26 local: zeros. erin: zeros.
      ['dirk', 0, 0, 0, 0, 0, 0, 38],
      ['erin', 0, 0, 0, 0, 0, 0, 82],
      // hana, 11-15: h3 at local 04:00 (night, 3 km) and h2 at local 20:00 (8 km): 2 trips,
      //   11 km, night 3; h1 (local 11-10) is before her enrolment.
      ['hana', 1, 2, 11, 0, 3, 0, 16],
      ['jack', 0, 0, 0, 0, 0, 0, 334],
    ]);
    expect(await zonesOf(db.connection, '2026-11')).toEqual(['Asia/Shanghai']);
  });

  it('2026-10 in Europe/Berlin: the 25-hour day of the DST change is one day, night in local time', async () => {
    const result = await computeFeatures(db.connection, { period: parsePeriod('2026-10', 'Europe/Berlin'), caps: DST_CAPS });
    expect(result).toEqual({ users: 5, activeUsers: 2, unenrolledTrips: 0, unenrolledDrivers: 0, tripsBeforeEnrolment: 0 });
    expect(await readFeatures(db.connection, '2026-10')).toEqual<Row[]>([
      // bob: b1 at 18:30 CET on 10-31, the last day and his enrolment day: 1 trip, 20 km,
      //   daytime, 1 region, tenure 1 (an enrolment on the last day gives 1).
      ['bob', 1, 1, 20, 0, 0, 1, 1],
      // carol: enrolled, no trip in October: zeros, tenure 06-15..10-31 = 16 + 31 + 31 + 30 + 31 = 139.
      ['carol', 0, 0, 0, 0, 0, 0, 139],
      // dirk: 10-24: d6 (06:30 day), d7 (22:30 night) -> 2 trips, 20 km, night 10.
      //       10-25: d1 00:30, d3 02:30, d4 05:30, d5 06:30, d8 21:30, d2 23:30 -> 6 trips -> 5 (cap),
      //              60 km, night d1 + d3 + d4 + d2 = 40.
      //   active 2, trips 2+5 = 7, km 80, night 50, no region, tenure: enrolled 10-24 -> 8.
      ['dirk', 2, 7, 80, 0, 50, 0, 8],
      // erin: zeros, tenure 09-10..10-31 = 21 + 31 = 52. jack: 01-01..10-31 = 304.
      ['erin', 0, 0, 0, 0, 0, 0, 52],
      ['jack', 0, 0, 0, 0, 0, 0, 304],
      // alice, hana (enrolled in November) and kate (December): no row.
    ]);
  });

  it('2026-10 in UTC: the same trips fall on other days and hours', async () => {
    await computeFeatures(db.connection, { period: parsePeriod('2026-10', 'UTC'), caps: DST_CAPS });
    expect(await readFeatures(db.connection, '2026-10')).toEqual<Row[]>([
      // bob: b1 at 17:30 on 10-31: as in Berlin.
      ['bob', 1, 1, 20, 0, 0, 1, 1],
      ['carol', 0, 0, 0, 0, 0, 0, 139],
      // dirk: 10-24: d6 04:30 (night), d7 20:30, d1 22:30 (night) -> 3 trips, 30 km, night 20.
      //       10-25: d3 01:30, d4 04:30, d5 05:30 (all night), d8 20:30, d2 22:30 (night)
      //              -> 5 trips (= cap), 50 km, night 40.
      //   active 2, trips 8, km 80, night 60, tenure 8.
      ['dirk', 2, 8, 80, 0, 60, 0, 8],
      ['erin', 0, 0, 0, 0, 0, 0, 52],
      ['jack', 0, 0, 0, 0, 0, 0, 304],
    ]);
  });

  it('counts a day by its whole-km sum and never by summed doubles', async () => {
    // Ten trips of 0.1 km on one day: 0.1 * 10 summed as doubles is 0.9999999999999999
    // (floor 0), but 10 * 100 m = 1000 m = 1 km.
    const trips = Array.from(
      { length: 10 },
      (_, i): Trip => ({
        id: `f${i}`,
        user: 'fay',
        start: `2026-11-07T1${i}:00:00Z`,
        km: 0.1,
        adas: 0.1,
      }),
    );
    await insertTrips(db.connection, trips);
    await insertOwners(db.connection, { fay: '2026-11-07' });
    await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'UTC') });
    const fay = (await readFeatures(db.connection, '2026-11')).find(([user]) => user === 'fay');
    // default caps: 10 trips (< 12), 1 km, 1 ADAS km, daytime, no region, tenure: enrolled 11-07 -> 24.
    expect(fay).toEqual(['fay', 1, 10, 1, 1, 0, 0, 24]);
  });

  it('does not let trips after the period change a backfill', async () => {
    const november = parsePeriod('2026-11', 'UTC');
    await computeFeatures(db.connection, { period: november, caps: SMALL_CAPS });
    const before = await readFeatures(db.connection, '2026-11');
    // Later data: carol drives again in December; gus enrols on 12-01 and drives at 00:00 UTC.
    await insertTrips(db.connection, [
      { id: 'c3', user: 'carol', start: '2026-12-05T12:00:00Z', km: 100, region: 'west' },
      { id: 'g1', user: 'gus', start: '2026-12-01T00:00:00Z', km: 5 },
    ]);
    await insertOwners(db.connection, { gus: '2026-12-01' });
    await computeFeatures(db.connection, { period: november, caps: SMALL_CAPS });
    expect(await readFeatures(db.connection, '2026-11')).toEqual(before);
    // In December every tenure is 31 days longer: carol's runs from 06-15 to 12-31, 169 + 31 = 200.
    await computeFeatures(db.connection, { period: parsePeriod('2026-12', 'UTC'), caps: SMALL_CAPS });
    expect(await readFeatures(db.connection, '2026-12')).toEqual<Row[]>([
      ['alice', 0, 0, 0, 0, 0, 0, 59],
      ['bob', 0, 0, 0, 0, 0, 0, 62],
      ['carol', 1, 1, 100, 0, 0, 1, 200],
      ['dirk', 0, 0, 0, 0, 0, 0, 69],
      ['erin', 0, 0, 0, 0, 0, 0, 113],
      ['gus', 1, 1, 5, 0, 5, 0, 31], // 00:00 is night; tenure 12-01..12-31
      ['hana', 0, 0, 0, 0, 0, 0, 47],
      ['jack', 0, 0, 0, 0, 0, 0, 365],
      ['kate', 0, 0, 0, 0, 0, 0, 31], // enrolled 12-01: a row from December on
    ]);
  });

  it('replaces the rows of a recomputed period, leaves other periods alone', async () => {
    await computeFeatures(db.connection, { period: parsePeriod('2026-10', 'UTC'), caps: DST_CAPS });
    const october = await readFeatures(db.connection, '2026-10');
    await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'UTC'), caps: SMALL_CAPS });
    await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'UTC'), caps: SMALL_CAPS });
    expect((await readFeatures(db.connection, '2026-11')).map(([user]) => user)).toEqual(['alice', 'bob', 'carol', 'dirk', 'erin', 'hana', 'jack']);
    // Recomputing in another zone replaces the period too: one row per user and period.
    const { users } = await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'Asia/Shanghai'), caps: SMALL_CAPS });
    expect(users).toBe(7);
    expect(await zonesOf(db.connection, '2026-11')).toEqual(['Asia/Shanghai']);
    expect(await readFeatures(db.connection, '2026-10')).toEqual(october);
    const total = await db.connection.runAndReadAll('SELECT count(*) FROM features');
    expect(Number(total.getRowsJS()[0]?.[0])).toBe(october.length + 7);
  });

  it('keeps the previous rows when the computation fails half-way (one transaction)', async () => {
    await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'UTC'), caps: SMALL_CAPS });
    const before = await readFeatures(db.connection, '2026-11');
    // A forged period whose last day (11-31) does not exist: the DELETE runs, then the INSERT fails.
    const broken: Period = { ...parsePeriod('2026-11', 'UTC'), days: 31 };
    await expect(computeFeatures(db.connection, { period: broken, caps: SMALL_CAPS })).rejects.toThrow();
    expect(await readFeatures(db.connection, '2026-11')).toEqual(before);
    // and the connection is usable again (not left inside a transaction)
    await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'UTC'), caps: SMALL_CAPS });
    expect(await readFeatures(db.connection, '2026-11')).toEqual(before);
  });

  it('does not depend on the session TimeZone setting', async () => {
    const period = parsePeriod('2026-11', 'Asia/Shanghai');
    await computeFeatures(db.connection, { period, caps: SMALL_CAPS });
    const expected = await readFeatures(db.connection, '2026-11');
    await db.connection.run(`SET TimeZone = 'America/New_York'`);
    await computeFeatures(db.connection, { period, caps: SMALL_CAPS });
    expect(await readFeatures(db.connection, '2026-11')).toEqual(expected);
  });

  it('writes the period, zone and computation time of each row', async () => {
    await computeFeatures(db.connection, { period: parsePeriod('2026-11', 'Asia/Shanghai') });
    const reader = await db.connection.runAndReadAll(`SELECT DISTINCT period, time_zone, typeof(computed_at), computed_at <= now() FROM features`);
    expect(reader.getRowsJS()).toEqual([['2026-11', 'Asia/Shanghai', 'TIMESTAMP WITH TIME ZONE', true]]);
  });

  it('rejects bad caps with a ConfigError naming the field, before writing anything', async () => {
    const period = parsePeriod('2026-11', 'UTC');
    await expect(computeFeatures(db.connection, { period, caps: { ...SMALL_CAPS, km: 0 } })).rejects.toThrow(ConfigError);
    await expect(computeFeatures(db.connection, { period, caps: { ...SMALL_CAPS, night_km: 2.5 } })).rejects.toThrow(
      /caps\.night_km must be a positive whole number/,
    );
    await expect(computeFeatures(db.connection, { period, caps: { ...SMALL_CAPS, distinct_regions: -3 } })).rejects.toThrow(/caps\.distinct_regions/);
  });

  it('rejects a zone DuckDB does not know with a UsageError', async () => {
    const forged: Period = { ...parsePeriod('2026-11', 'UTC'), timeZone: 'Nowhere/Foo' };
    await expect(computeFeatures(db.connection, { period: forged })).rejects.toThrow(UsageError);
    await expect(computeFeatures(db.connection, { period: forged })).rejects.toThrow(/unknown time zone "Nowhere\/Foo"/);
  });
});

describe('computeFeatures scores enrolled owners only', () => {
  let db: Database;
  const november = parsePeriod('2026-11', 'UTC');

  beforeEach(async () => {
    db = await openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('gives an enrolled owner with no trip a row of zeros, with the tenure of the enrolment', async () => {
    await insertOwners(db.connection, { nadia: '2026-11-30', otto: '2025-11-30' });
    const result = await computeFeatures(db.connection, { period: november });
    expect(result).toEqual({ users: 2, activeUsers: 0, unenrolledTrips: 0, unenrolledDrivers: 0, tripsBeforeEnrolment: 0 });
    // nadia enrolled on the last day: 1; otto a year and a day before it: 366.
    expect(await readFeatures(db.connection, '2026-11')).toEqual<Row[]>([
      ['nadia', 0, 0, 0, 0, 0, 0, 1],
      ['otto', 0, 0, 0, 0, 0, 0, 366],
    ]);
  });

  it('gives a driver who never enrolled no row, and counts their trips and them', async () => {
    await insertOwners(db.connection, { otto: '2026-01-01' });
    await insertTrips(db.connection, [
      { id: 'o1', user: 'otto', start: '2026-11-02T09:00:00Z', km: 5 },
      { id: 'p1', user: 'pia', start: '2026-11-02T09:00:00Z', km: 50, region: 'north' },
      { id: 'p2', user: 'pia', start: '2026-11-03T09:00:00Z', km: 50 },
      { id: 'q1', user: 'quinn', start: '2026-11-04T09:00:00Z', km: 1 },
      { id: 'q0', user: 'quinn', start: '2026-10-04T09:00:00Z', km: 1 }, // another period: not counted anywhere
    ]);
    const result = await computeFeatures(db.connection, { period: november });
    expect(result).toEqual({ users: 1, activeUsers: 1, unenrolledTrips: 3, unenrolledDrivers: 2, tripsBeforeEnrolment: 0 });
    expect(await readFeatures(db.connection, '2026-11')).toEqual<Row[]>([['otto', 1, 1, 5, 0, 0, 0, 334]]);
  });

  it('does not count the trips an owner made before the day they enrolled, and counts them apart', async () => {
    await insertOwners(db.connection, { rosa: '2026-11-20' });
    await insertTrips(db.connection, [
      { id: 'r1', user: 'rosa', start: '2026-11-05T09:00:00Z', km: 40, adas: 10, region: 'north' },
      { id: 'r2', user: 'rosa', start: '2026-11-19T23:59:59Z', km: 40, region: 'east' }, // the last second before
      { id: 'r3', user: 'rosa', start: '2026-11-20T00:00:00Z', km: 7, region: 'west' }, // the first second of the day: counts (night)
      { id: 'r4', user: 'rosa', start: '2026-11-28T12:00:00Z', km: 3 },
    ]);
    const result = await computeFeatures(db.connection, { period: november });
    expect(result).toEqual({ users: 1, activeUsers: 1, unenrolledTrips: 0, unenrolledDrivers: 0, tripsBeforeEnrolment: 2 });
    // r3 and r4 only: 2 days, 2 trips, 10 km, no ADAS, night 7 (r3 at 00:00), 1 region (west); tenure 11-20..11-30 = 11.
    expect(await readFeatures(db.connection, '2026-11')).toEqual<Row[]>([['rosa', 2, 2, 10, 0, 7, 1, 11]]);
  });

  it("gives an owner enrolled after the period's last day no row: their trips in it count as unenrolled", async () => {
    await insertOwners(db.connection, { sam: '2026-11-30', tess: '2026-12-01' });
    await insertTrips(db.connection, [
      { id: 's1', user: 'sam', start: '2026-11-30T10:00:00Z', km: 2 },
      { id: 't1', user: 'tess', start: '2026-11-29T10:00:00Z', km: 2 },
      { id: 't2', user: 'tess', start: '2026-11-30T10:00:00Z', km: 2 },
    ]);
    const result = await computeFeatures(db.connection, { period: november });
    expect(result).toEqual({ users: 1, activeUsers: 1, unenrolledTrips: 2, unenrolledDrivers: 1, tripsBeforeEnrolment: 0 });
    expect(await readFeatures(db.connection, '2026-11')).toEqual<Row[]>([['sam', 1, 1, 2, 0, 0, 0, 1]]);
    // In December tess is enrolled; her November trips stay November's.
    await computeFeatures(db.connection, { period: parsePeriod('2026-12', 'UTC') });
    expect(await readFeatures(db.connection, '2026-12')).toEqual<Row[]>([
      ['sam', 0, 0, 0, 0, 0, 0, 32],
      ['tess', 0, 0, 0, 0, 0, 0, 31],
    ]);
  });

  it('writes no row and counts every trip as unenrolled when nobody is enrolled', async () => {
    await insertTrips(db.connection, [{ id: 'u1', user: 'uma', start: '2026-11-02T09:00:00Z', km: 5 }]);
    const result = await computeFeatures(db.connection, { period: november });
    expect(result).toEqual({ users: 0, activeUsers: 0, unenrolledTrips: 1, unenrolledDrivers: 1, tripsBeforeEnrolment: 0 });
    expect(await readFeatures(db.connection, '2026-11')).toEqual([]);
  });
});

describe('computeFeatures determinism', () => {
  it('gives the same rows with 1 and 2 threads', async () => {
    const db = await openDatabase(':memory:');
    try {
      // 200k trips of 2k users over three months, from a fixed hash; odd distances so that
      // summing doubles in another order would show.
      await db.connection.run(`
        INSERT INTO trips
        SELECT 'T' || i, 'U' || (hash(i, 'u') % 2000), 'V', 
          TIMESTAMPTZ '2026-09-15 00:00:00+00' + to_seconds((hash(i, 's') % (90 * 86400))::BIGINT),
          TIMESTAMPTZ '2026-09-15 00:00:00+00' + to_seconds((hash(i, 's') % (90 * 86400))::BIGINT + 600),
          (hash(i, 'k') % 300000) / 997.0, NULL, (hash(i, 'k') % 300000) / 1994.0,
          CASE WHEN hash(i, 'r') % 7 = 0 THEN NULL ELSE 'R' || (hash(i, 'r') % 9) END, 1, i
        FROM range(200000) AS r(i)`);
      // 9 in 10 of them enrolled, on a day from 09-01 to 12-29: some during November (their
      // earlier trips are not counted), some after it (no row).
      await db.connection.run(`
        INSERT INTO owners
        SELECT 'U' || i, DATE '2026-09-01' + CAST(hash(i, 'e') % 120 AS INTEGER), 1, i + 2
        FROM range(2000) AS r(i) WHERE hash(i, 'x') % 10 <> 0`);
      const enrolled = await db.connection.runAndReadAll(`SELECT count(*) FROM owners WHERE enrolled_on <= DATE '2026-11-30'`);
      const period = parsePeriod('2026-11', 'Europe/Berlin');
      const results: Row[][] = [];
      for (const threads of [1, 2, 1]) {
        await db.connection.run(`SET threads = ${threads}`);
        await computeFeatures(db.connection, { period });
        results.push(await readFeatures(db.connection, '2026-11'));
      }
      expect(results[0]?.length).toBe(Number(enrolled.getRows()[0]?.[0]));
      expect(results[0]?.length).toBeGreaterThan(1000);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    } finally {
      db.close();
    }
  });
});
