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
// score by at most scoreSensitivity, and nobody else's score at all. The period is October
// 2026 in Berlin (the clocks go back on the 25th); the trips, made in SQL from a fixed hash,
// start on 20 August so that tenure reaches back before the period:
//   U0..U19   dense: about 7 trips a day, 0 to 200 km each, 8 regions (every daily cap binds);
//   U20..U23  new owners whose first trip is on or after 10 October (tenure inside the period);
//   U24..U29  sparse: a trip every week or so (removing a day can move their first day by weeks);
//   U30       one trip on 1 August, then one big night in October that reaches every daily cap:
//             removing that night removes U30 from the period, a change of exactly the bound.
const TIME_ZONE = 'Europe/Berlin';
const PERIOD = parsePeriod('2026-10', TIME_ZONE);
const LOCAL_DAY = `CAST(timezone('${TIME_ZONE}', started_at) AS DATE)`;

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
  await connection.run(`INSERT INTO trips VALUES ('X0', 'U30', 'V30', TIMESTAMPTZ '2026-08-01 12:00:00+02', TIMESTAMPTZ '2026-08-01 12:30:00+02', 5.0, NULL, NULL, 'R1', 1, 100000)`);
}

async function scores(connection: DuckDBConnection, formula: Formula): Promise<Map<string, bigint>> {
  await computeFeatures(connection, { period: PERIOD, caps: dailyCapsOf(formula) });
  const reader = await connection.runAndReadAll(`SELECT user_id, ${FEATURE_NAMES.join(', ')} FROM features WHERE period = '2026-10'`);
  const result = new Map<string, bigint>();
  for (const row of reader.getRowObjectsJS()) {
    result.set(String(row.user_id), scoreOf(formula, row as unknown as FeatureValues));
  }
  return result;
}

/** User-days with a trip up to the end of the period: each user's first, every one of U24..U30, a sample of the others. */
async function userDays(connection: DuckDBConnection): Promise<{ user: string; day: string }[]> {
  const reader = await connection.runAndReadAll(`
    WITH days AS (
      SELECT DISTINCT user_id, ${LOCAL_DAY} AS day FROM trips WHERE ${LOCAL_DAY} <= DATE '2026-10-31'
    ), ranked AS (
      SELECT user_id, day, row_number() OVER (PARTITION BY user_id ORDER BY day) AS nth FROM days
    )
    SELECT user_id, CAST(day AS VARCHAR) AS day FROM ranked
    WHERE nth = 1 OR CAST(substr(user_id, 2) AS INTEGER) >= 24 OR hash(user_id, day) % 30 = 0
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

describe('score sensitivity to one user-day', () => {
  let db: Database;
  let days: { user: string; day: string }[];

  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await insertTrips(db.connection);
    days = await userDays(db.connection);
  });

  afterAll(() => db?.close());

  const formulas: [name: string, load: () => Promise<Formula>][] = [
    ['the published formula', async () => (await loadFormula(publishedFormulaPath())).formula],
    // Small period caps, so that min(feature, cap) binds for the dense users too.
    ['a formula with small caps', async () => parseFormula(fixtureFormulaJson(), 'fixture')],
  ];

  it.each(formulas)('is at most scoreSensitivity for %s', async (_name, load) => {
    const formula = await load();
    const bound = scoreSensitivity(formula);
    const connection = db.connection;
    const before = await scores(connection, formula);
    expect(before.size).toBe(31);
    expect(days.length).toBeGreaterThan(80);

    let largest = 0n;
    let usersRemoved = 0;
    let changed = 0;
    for (const { user, day } of days) {
      const after = await scoresWithout(connection, formula, user, day);
      const old = before.get(user)!;
      const now = after.get(user) ?? 0n; // a user whose only day it was has no row any more
      if (!after.has(user)) usersRemoved += 1;
      const change = old > now ? old - now : now - old;
      if (change > 0n) changed += 1;
      if (change > largest) largest = change;
      expect(change <= bound, `${user} without ${day}: score ${old} -> ${now}, more than ${bound}`).toBe(true);
      for (const [other, score] of before) {
        if (other !== user) expect(after.get(other), `${other} moved when ${user} lost ${day}`).toBe(score);
      }
    }
    // The check is not vacuous: scores moved, a user left the period, and U30 reached the bound:
    // published formula 60*1 + 12*4 + 1*60 + 1*20 + 1*20 + 20*1 + 1*min(92, 90) = 318;
    // small caps        10*1 +  2*5 + 1*100 + 3*40 + 0*20 + 7*2  + 1*min(92, 60) = 314.
    expect(changed).toBeGreaterThan(0);
    expect(usersRemoved).toBeGreaterThan(0);
    expect(largest).toBe(bound);
  }, 120_000);
});
