import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';
import {
  dailyCapsOf,
  FEATURE_NAMES,
  loadFormula,
  parseFormula,
  publishedFormulaPath,
  scoreOf,
  scoreSensitivity,
  type FeatureValues,
  type Formula,
} from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson } from './formula-fixture.js';

// Removing one user-day (all trips of one user on one local day) must change that user's
// score by at most scoreSensitivity, nobody else's score at all, and never the set of users
// with a line (every enrolled owner has one, driving or not). The period is October 2026 in
// Berlin (the clocks go back on the 25th); the trips, made in SQL from a fixed hash, start on
// 20 August, and the owners are enrolled by hand:
//   U0..U19   dense: about 7 trips a day, 0 to 200 km each, 8 regions (every daily cap binds);
//             enrolled 2026-08-15, but U5 only on 2026-10-15: its earlier days count for nothing;
//   U20..U23  new owners enrolled on 2026-10-08, whose first trip is on or after 10 October;
//   U24..U29  sparse: a trip every week or so; enrolled 2026-08-01;
//   U30       enrolled 2026-07-30, one trip on 1 August, then one big night in October that
//             reaches every daily cap: removing that night leaves U30 a line with no driving
//             (tenure only), a change of exactly the bound;
//   U31       drives in October but never enrolled: no line, and its days move nothing;
//   U32       enrolled 2026-09-01 and never drives: a line of zeros but tenure;
//   U33       drives in October but enrolls on 2026-11-02, after the period: no line.
const TIME_ZONE = 'Europe/Berlin';
const PERIOD = parsePeriod('2026-10', TIME_ZONE);
const LOCAL_DAY = `CAST(timezone('${TIME_ZONE}', started_at) AS DATE)`;
const LINES = [...Array.from({ length: 31 }, (_, u) => `U${u}`), 'U32'].sort();

async function insertTrips(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    INSERT INTO trips
    SELECT 'T' || i, 'U' || u, 'V' || u, start, start + INTERVAL 25 MINUTE, km, NULL, round(km * (hash(i, 'adas') % 101) / 100.0, 3),
           CASE WHEN hash(i, 'region') % 9 = 0 THEN NULL ELSE 'R' || (hash(i, 'region') % 8) END, 1, i
    FROM (
      SELECT i, i % 30 AS u, (hash(i, 'km') % 200000) / 1000.0 AS km,
             TIMESTAMPTZ '2026-08-20 00:00:00+00' + to_seconds((hash(i, 'start') % (73 * 86400))::BIGINT) AS start
      FROM range(15000) AS r(i)
    )
    WHERE (u < 20 OR (u < 24 AND start >= TIMESTAMPTZ '2026-10-10 00:00:00+00') OR hash(i, 'sparse') % 60 = 0)`);
  // U30 on 15 October, Berlin summer time: five night trips (local 01:00 to 05:00) of 30 km with
  // 10 ADAS km, in regions R1 and R2: 5 trips, 150 km, 50 ADAS km, 150 night km, 2 regions.
  await connection.run(`
    INSERT INTO trips
    SELECT 'X' || h, 'U30', 'V30', start, start + INTERVAL 30 MINUTE, 30.0, NULL, 10.0, 'R' || (1 + h % 2), 1, 100000 + h
    FROM (SELECT h, TIMESTAMPTZ '2026-10-15 00:00:00+02' + to_hours(h) AS start FROM range(1, 6) AS r(h))`);
  await connection.run(
    `INSERT INTO trips VALUES ('X0', 'U30', 'V30', TIMESTAMPTZ '2026-08-01 12:00:00+02', TIMESTAMPTZ '2026-08-01 12:30:00+02', 5.0, NULL, NULL, 'R1', 1, 100000)`,
  );
  // U31 and U33: a 40 km trip at noon every third day of October.
  await connection.run(`
    INSERT INTO trips
    SELECT 'Y' || u || '-' || d, 'U' || u, 'V' || u, TIMESTAMPTZ '2026-10-01 12:00:00+02' + to_days(d), TIMESTAMPTZ '2026-10-01 12:40:00+02' + to_days(d),
           40.0, NULL, 5.0, 'R3', 1, 200000 + 100 * u + d
    FROM range(0, 31, 3) AS r(d), (VALUES (31), (33)) AS v(u)`);
}

async function insertOwners(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    INSERT INTO owners
    SELECT 'U' || u,
           CASE WHEN u = 5 THEN DATE '2026-10-15' WHEN u < 20 THEN DATE '2026-08-15' WHEN u < 24 THEN DATE '2026-10-08' ELSE DATE '2026-08-01' END,
           1, u
    FROM range(30) AS r(u)`);
  await connection.run(`
    INSERT INTO owners VALUES ('U30', DATE '2026-07-30', 1, 30), ('U32', DATE '2026-09-01', 1, 32), ('U33', DATE '2026-11-02', 1, 33)`);
}

async function scores(connection: DuckDBConnection, formula: Formula): Promise<Map<string, bigint>> {
  await computeFeatures(connection, { period: PERIOD, caps: dailyCapsOf(formula) });
  const reader = await connection.runAndReadAll(`SELECT user_id, ${FEATURE_NAMES.join(', ')} FROM features WHERE period = '2026-10' ORDER BY user_id`);
  const result = new Map<string, bigint>();
  for (const row of reader.getRowObjectsJS()) {
    result.set(String(row.user_id), scoreOf(formula, row as unknown as FeatureValues));
  }
  return result;
}

/**
 * User-days with a trip up to the end of the period: in the period, each user's first, every
 * one of U24..U33, every third of U5's (some before its enrolment), a sample of the others;
 * before it, U30's day and a sample.
 */
async function userDays(connection: DuckDBConnection): Promise<{ user: string; day: string }[]> {
  const reader = await connection.runAndReadAll(`
    WITH days AS (
      SELECT DISTINCT user_id, ${LOCAL_DAY} AS day FROM trips WHERE ${LOCAL_DAY} <= DATE '2026-10-31'
    ), ranked AS (
      SELECT user_id, day, day >= DATE '2026-10-01' AS in_period,
             row_number() OVER (PARTITION BY user_id, day >= DATE '2026-10-01' ORDER BY day) AS nth
      FROM days
    )
    SELECT user_id, CAST(day AS VARCHAR) AS day FROM ranked
    WHERE (in_period AND (nth = 1 OR CAST(substr(user_id, 2) AS INTEGER) >= 24 OR hash(user_id, day) % 30 = 0 OR (user_id = 'U5' AND nth % 3 = 0)))
       OR (NOT in_period AND (user_id = 'U30' OR hash(user_id, day) % 40 = 0))
    ORDER BY user_id, day`);
  return reader.getRowObjectsJS().map((row) => ({ user: String(row.user_id), day: String(row.day) }));
}

/** Scores with the user-day's trips removed; the trips are put back afterwards. */
async function scoresWithout(connection: DuckDBConnection, formula: Formula, user: string, day: string): Promise<Map<string, bigint>> {
  const where = `user_id = $user AND ${LOCAL_DAY} = CAST($day AS DATE)`;
  await connection.run(`CREATE TEMP TABLE removed AS SELECT * FROM trips WHERE ${where}`, { user, day });
  await connection.run(`DELETE FROM trips WHERE ${where}`, { user, day });
  try {
    return await scores(connection, formula);
  } finally {
    await connection.run('INSERT INTO trips SELECT * FROM removed');
    await connection.run('DROP TABLE removed');
  }
}

/** A user-day that no score may count: outside the period, before the owner's enrolment, or of someone with no line. */
function countsForNothing(user: string, day: string): boolean {
  return day < '2026-10-01' || user === 'U31' || user === 'U33' || (user === 'U5' && day < '2026-10-15');
}

describe('score sensitivity to one user-day', () => {
  let db: Database;
  let days: { user: string; day: string }[];

  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await insertTrips(db.connection);
    await insertOwners(db.connection);
    days = await userDays(db.connection);
  });

  afterAll(() => db?.close());

  const formulas: [name: string, load: () => Promise<Formula>, tenure: { u30: bigint; u32: bigint }][] = [
    // Tenure by 31 October: U30 (enrolled 30 July) 2 + 31 + 30 + 31 = 94 days, U32 (1 September) 61.
    ['the published formula', async () => (await loadFormula(publishedFormulaPath())).formula, { u30: 94n, u32: 61n }],
    // Small period caps, so that min(feature, cap) binds for the dense users too; tenure capped at 60.
    ['a formula with small caps', async () => parseFormula(fixtureFormulaJson(), 'fixture'), { u30: 60n, u32: 60n }],
  ];

  it.each(formulas)(
    'is at most scoreSensitivity for %s, and never adds or removes a line',
    async (_name, load, tenure) => {
      const formula = await load();
      const bound = scoreSensitivity(formula);
      const connection = db.connection;
      const before = await scores(connection, formula);
      expect([...before.keys()]).toEqual(LINES);
      expect(before.get('U32')).toBe(tenure.u32);
      expect(days.length).toBeGreaterThan(80);
      expect(days.filter((d) => d.day < '2026-10-01').length).toBeGreaterThan(5);
      // U5's October days before its enrolment on the 15th, and after it.
      expect(days.some((d) => d.user === 'U5' && d.day >= '2026-10-01' && d.day < '2026-10-15')).toBe(true);
      expect(days.some((d) => d.user === 'U5' && d.day >= '2026-10-15')).toBe(true);

      let largest = 0n;
      let changed = 0;
      let forNothing = 0;
      for (const { user, day } of days) {
        const after = await scoresWithout(connection, formula, user, day);
        expect([...after.keys()], `lines without ${user} on ${day}`).toEqual(LINES);
        if (countsForNothing(user, day)) {
          forNothing += 1;
          expect(after, `${user} on ${day} counts for nothing`).toEqual(before);
          continue;
        }
        const old = before.get(user)!;
        const now = after.get(user)!;
        const change = old > now ? old - now : now - old;
        if (change > 0n) changed += 1;
        if (change > largest) largest = change;
        expect(change <= bound, `${user} without ${day}: score ${old} -> ${now}, more than ${bound}`).toBe(true);
        for (const [other, score] of before) {
          if (other !== user) expect(after.get(other), `${other} moved when ${user} lost ${day}`).toBe(score);
        }
        if (user === 'U30' && day === '2026-10-15') {
          // Its only day in the period: the line stays, with tenure alone.
          expect(now).toBe(tenure.u30);
          expect(old).toBe(bound + tenure.u30);
        }
      }
      // The check is not vacuous: scores moved, days that count for nothing were tried, and U30
      // reached the bound (tenure does not move):
      // published formula 60*1 + 12*4 + 1*60 + 1*20 + 1*20 + 20*1 = 228;
      // small caps        10*1 +  2*5 + 1*100 + 3*40 + 0*20 + 7*2  = 254.
      expect(changed).toBeGreaterThan(0);
      expect(forNothing).toBeGreaterThan(10);
      expect(days).toContainEqual({ user: 'U30', day: '2026-10-15' });
      expect(largest).toBe(bound);
    },
    180_000,
  );
});
