import { openDatabase } from '../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../pipeline/features/index.js';
import { median } from './median.js';

export interface FeaturesBenchRow {
  trips: number;
  users: number;
  plainSeconds: number;
  featuresSeconds: number;
}

/** Synthetic trips made in SQL from a fixed hash: about `trips` rows of 20k users over four months. */
const FILL_TRIPS_SQL = (trips: number) => `
  INSERT INTO trips
  SELECT 'T' || i, 'U' || (hash(i, 'user') % 20000), 'V' || (hash(i, 'user') % 20000),
         TIMESTAMPTZ '2026-09-01 00:00:00+00' + to_seconds((hash(i, 'start') % (120 * 86400))::BIGINT),
         TIMESTAMPTZ '2026-09-01 00:00:00+00' + to_seconds((hash(i, 'start') % (120 * 86400))::BIGINT + 1800),
         (hash(i, 'km') % 150000) / 1000.0, NULL, (hash(i, 'km') % 150000) / 2000.0,
         CASE WHEN hash(i, 'region') % 10 = 0 THEN NULL ELSE 'R' || (hash(i, 'region') % 40) END, 1, i
  FROM range(${trips}) AS r(i)`;

/** The baseline: one plain GROUP BY over the same month, with no local days, caps or tenure. */
const PLAIN_MONTHLY_SUMS_SQL = `
  CREATE OR REPLACE TEMP TABLE plain_sums AS
  SELECT user_id, count(*) AS trips, sum(distance_km) AS km
  FROM trips
  WHERE started_at >= TIMESTAMPTZ '2026-10-31 16:00:00+00' AND started_at < TIMESTAMPTZ '2026-11-30 16:00:00+00'
  GROUP BY user_id`;

/** Times computeFeatures for one month of the synthetic trips against the plain GROUP BY. */
export async function benchFeatures(trips: number, repeats: number): Promise<FeaturesBenchRow> {
  const database = await openDatabase(':memory:');
  try {
    await database.connection.run(FILL_TRIPS_SQL(trips));
    const period = parsePeriod('2026-11', 'Asia/Shanghai');
    const plain: number[] = [];
    const features: number[] = [];
    let users = 0;
    for (let run = 0; run < repeats; run += 1) {
      let started = performance.now();
      await database.connection.run(PLAIN_MONTHLY_SUMS_SQL);
      plain.push((performance.now() - started) / 1000);
      started = performance.now();
      users = (await computeFeatures(database.connection, { period })).users;
      features.push((performance.now() - started) / 1000);
    }
    return { trips, users, plainSeconds: median(plain), featuresSeconds: median(features) };
  } finally {
    database.close();
  }
}

export function formatFeaturesBench(row: FeaturesBenchRow, repeats: number): string {
  return [
    `features bench: ${row.trips.toLocaleString('en-US')} trips over four months, period 2026-11 (Asia/Shanghai), median of ${repeats} runs`,
    `plain GROUP BY of the month (no local days, caps, tenure): ${row.plainSeconds.toFixed(2)} s`,
    `computeFeatures (${row.users.toLocaleString('en-US')} users): ${row.featuresSeconds.toFixed(2)} s, ${(row.featuresSeconds / row.plainSeconds).toFixed(1)}x the plain GROUP BY`,
  ].join('\n');
}
