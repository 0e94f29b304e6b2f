import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';

// About 1M trips of 20k users over four months, made in SQL from a fixed hash (no randomness).
// Its speed is measured by `npm run bench -- features`; this checks the result at that scale.
const TRIPS = 1_000_000;
const USERS = 20_000;

describe('computeFeatures at a million trips', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await db.connection.run(`
      INSERT INTO trips
      SELECT
        'T' || i,
        'U' || (hash(i, 'user') % ${USERS}),
        'V' || (hash(i, 'user') % ${USERS}),
        TIMESTAMPTZ '2026-09-01 00:00:00+00' + to_seconds((hash(i, 'start') % (120 * 86400))::BIGINT),
        TIMESTAMPTZ '2026-09-01 00:00:00+00' + to_seconds((hash(i, 'start') % (120 * 86400))::BIGINT + 1800),
        (hash(i, 'km') % 150000) / 1000.0,
        NULL,
        (hash(i, 'km') % 150000) / 2000.0,
        CASE WHEN hash(i, 'region') % 10 = 0 THEN NULL ELSE 'R' || (hash(i, 'region') % 40) END,
        1,
        i
      FROM range(${TRIPS}) AS r(i)`);
    // Every user enrolled, on a date spread over the year before the trips (tenure).
    await db.connection.run(`
      INSERT INTO owners
      SELECT 'U' || u, DATE '2025-09-01' + CAST(hash(u, 'enrolled') % 365 AS INTEGER), 1, u
      FROM range(${USERS}) AS r(u)`);
  }, 120_000);

  afterAll(() => db?.close());

  it('gives every enrolled owner one row, within the daily caps', async () => {
    const period = parsePeriod('2026-11', 'Asia/Shanghai');
    const { users } = await computeFeatures(db.connection, { period });
    expect(users).toBe(USERS);
    const check = (
      await db.connection.runAndReadAll(
        `SELECT count(*) AS rows, count(DISTINCT user_id) AS users,
                bool_and(km <= 600 * active_days AND trips <= 12 * active_days AND active_days <= 30) AS capped,
                count(*) FILTER (WHERE active_days > 0) > ${USERS * 0.95} AS mostly_active
         FROM features WHERE period = '2026-11'`,
      )
    ).getRowObjectsJS();
    expect(check).toEqual([{ rows: BigInt(users), users: BigInt(users), capped: true, mostly_active: true }]);
  });
});
