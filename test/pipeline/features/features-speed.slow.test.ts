import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';

// About 1M trips of 20k users over four months, made in SQL from a fixed hash (no randomness):
// computing one period must take a second or two on the 2-core development machine.
const TRIPS = 1_000_000;
const USERS = 20_000;

describe('computeFeatures speed', () => {
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
  }, 120_000);

  afterAll(() => db?.close());

  it('computes one month of ~1M trips in a couple of seconds', async () => {
    const period = parsePeriod('2026-11', 'Asia/Shanghai');
    const started = performance.now();
    const { users } = await computeFeatures(db.connection, { period });
    const seconds = (performance.now() - started) / 1000;
    console.log(`features 2026-11 Asia/Shanghai: ${users} users in ${seconds.toFixed(2)} s`);
    expect(users).toBeGreaterThan(19_000);
    expect(seconds).toBeLessThan(10); // generous: shared CI machines; expect ~1-2 s
  });
});
