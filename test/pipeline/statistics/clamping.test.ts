import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { parsePeriod } from '../../../pipeline/features/index.js';
import { writeTripsFile } from '../../../pipeline/generate/index.js';
import type { LoadedFormula, StatisticName, StatisticsPolicy } from '../../../pipeline/scoring/index.js';
import { computeTrueStatistics, planRelease, type TrueStatistics } from '../../../pipeline/statistics/index.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { formulaWith, scoredRun, worstCaseDay } from './statistics-fixture.js';

// Clamping bounds each user-day's influence: adding one user's worst possible day (30 trips,
// 1800 km all with ADAS, every hour, every region, an unlisted region and none) to generated
// data moves each statistic's true (pre-noise) value by at most the sensitivity its noise is
// calibrated to: |change| <= l1 for a number, and for a histogram the sum of |change| over
// the bins <= l1 and the sum of change^2 <= l2^2. Neighbours differ in one user-day, never in
// the enrolment: every database below loads the same enrolment files, and the worst day is
// driven by an enrolled owner (one who drove before, and one who had not driven yet).

let dir: string;
let formula: LoadedFormula;
let policy: StatisticsPolicy;
let poseidon: PoseidonHasher;
let hasher: HashPool;
let base: TrueStatistics;
let existingUserDay: TrueStatistics;
let newUserDay: TrueStatistics;
let existingUser: string;
let freeDay: string;

const period = parsePeriod('2026-10', 'UTC');

async function trueStatisticsOf(database: string, inputs: string[]): Promise<TrueStatistics> {
  const db = await openDatabase(join(dir, database));
  try {
    const runId = await scoredRun(db.connection, { inputs, formula, hasher, poseidon });
    return await computeTrueStatistics(db.connection, { period, policy, runId });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-clamping-'));
  formula = await formulaWith();
  policy = formula.formula.statistics!;
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 1 });
  const generated = await writeGeneratedInputs(dir, { users: 15, days: 31, seed: 31, start: '2026-10-01' });
  // u-worst-case enrolled long ago and has not driven in October (tenure 365: a score of 365,
  // in the first score bin); the worst day is their first day of driving.
  const newOwner = join(dir, 'new-owner.csv');
  writeFileSync(newOwner, 'user_id,enrolled_on\nu-worst-case,2025-01-01\n');
  const enrolment = [generated.owners, newOwner];
  const inputs = [generated.trips, ...enrolment];

  // The first enrolled owner with a UTC day of October, on or after their enrolment, without
  // any trip: the worst day goes there.
  const db = await openDatabase(join(dir, 'base.duckdb'));
  try {
    const runId = await scoredRun(db.connection, { inputs, formula, hasher, poseidon });
    base = await computeTrueStatistics(db.connection, { period, policy, runId });
    const free = await db.connection.runAndReadAll(
      `SELECT u.user_id, strftime(d.day, '%Y-%m-%d') AS day
       FROM (SELECT DISTINCT user_id, enrolled_on FROM trips JOIN owners USING (user_id)) AS u
       CROSS JOIN (SELECT CAST(range AS DATE) AS day FROM range(DATE '2026-10-02', DATE '2026-10-31', INTERVAL 1 DAY)) AS d
       WHERE d.day >= u.enrolled_on
         AND NOT EXISTS (SELECT 1 FROM trips AS t WHERE t.user_id = u.user_id AND CAST(timezone('UTC', t.started_at) AS DATE) = d.day)
       ORDER BY u.user_id, d.day LIMIT 1`,
    );
    [existingUser, freeDay] = free.getRows()[0]!.map(String) as [string, string];
  } finally {
    db.close();
  }

  const existingDay = join(dir, 'existing-user-day.csv');
  await writeTripsFile(worstCaseDay(existingUser, freeDay, 'a'), existingDay);
  existingUserDay = await trueStatisticsOf('existing.duckdb', [...inputs, existingDay]);
  const newDay = join(dir, 'new-user-day.csv');
  await writeTripsFile(worstCaseDay('u-worst-case', '2026-10-15', 'b'), newDay);
  newUserDay = await trueStatisticsOf('new.duckdb', [...inputs, newDay]);
}, 120_000);

afterAll(async () => {
  await hasher?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SCALARS = { active_users: 'activeUsers', total_km: 'totalKm', total_adas_km: 'totalAdasKm' } as const;
const HISTOGRAMS = { km_by_region: 'kmByRegion', trips_by_hour: 'tripsByHour', score_histogram: 'scoreHistogram' } as const;

function changes(before: TrueStatistics, after: TrueStatistics, name: StatisticName): bigint[] {
  if (name in SCALARS) {
    const key = SCALARS[name as keyof typeof SCALARS];
    return [after[key] - before[key]];
  }
  const key = HISTOGRAMS[name as keyof typeof HISTOGRAMS];
  expect([...after[key].keys()]).toEqual([...before[key].keys()]);
  return [...before[key].entries()].map(([bin, value]) => (after[key].get(bin) as bigint) - value);
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

describe('clamping bounds what one user-day can change', () => {
  it.each([
    ['a day of an existing user', () => existingUserDay],
    ['the only day of an owner who had not driven', () => newUserDay],
  ])('adding %s moves every statistic by at most its sensitivity', (_what, after) => {
    for (const planned of planRelease(policy).statistics) {
      const change = changes(base, after(), planned.name);
      const l1 = change.reduce((sum, x) => sum + abs(x), 0n);
      const l2Squared = change.reduce((sum, x) => sum + x * x, 0n);
      expect(l1 <= planned.sensitivity.l1, `${planned.name}: l1 change ${l1} > ${planned.sensitivity.l1}`).toBe(true);
      expect(l2Squared <= planned.sensitivity.l2Squared, `${planned.name}: l2^2 change ${l2Squared} > ${planned.sensitivity.l2Squared}`).toBe(true);
    }
  });

  it('the worst day reaches the bounds: the sensitivities are tight, not just safe', () => {
    const { clamps } = policy;
    for (const after of [existingUserDay, newUserDay]) {
      expect(after.totalKm - base.totalKm).toBe(BigInt(clamps.km_per_day));
      expect(after.totalAdasKm - base.totalAdasKm).toBe(BigInt(clamps.adas_km_per_day));
      expect(changes(base, after, 'trips_by_hour').reduce((a, b) => a + b, 0n)).toBe(BigInt(clamps.trips_per_day));
      expect(changes(base, after, 'km_by_region').reduce((a, b) => a + b, 0n)).toBe(BigInt(clamps.km_per_day));
    }
    expect(existingUserDay.activeUsers - base.activeUsers).toBe(0n);
    expect(newUserDay.activeUsers - base.activeUsers).toBe(1n);
    // Every enrolled owner is in the histogram, driving or not: one user-day moves one owner at
    // most one bin. u-worst-case moves from 365 (tenure only, bin 0-499) to 365 + 228 = 593
    // (bin 500-999): the l1 bound of 2 is reached.
    expect(changes(base, newUserDay, 'score_histogram').reduce((a, b) => a + abs(b), 0n)).toBe(2n);
    expect(
      Object.fromEntries(
        [...base.scoreHistogram.keys()].map((bin, i) => [bin, changes(base, newUserDay, 'score_histogram')[i]]).filter(([, change]) => change !== 0n),
      ),
    ).toEqual({
      '0-499': -1n,
      '500-999': 1n,
    });
    for (const after of [existingUserDay, newUserDay]) {
      expect([...after.scoreHistogram.values()].reduce((a, b) => a + b, 0n)).toBe([...base.scoreHistogram.values()].reduce((a, b) => a + b, 0n));
    }
  });

  it('follows the exact rules: the first trips of the day by start, the first regions by first trip, one allowance of km', () => {
    // Trips start at 00:10 + 47 min each: the first 8 start in hours 00, 00, 01, 02, 03, 04, 04, 05.
    const hours = new Map([...base.tripsByHour.keys()].map((hour, i) => [hour, changes(base, newUserDay, 'trips_by_hour')[i]]));
    expect(Object.fromEntries([...hours].filter(([, change]) => change !== 0n))).toEqual({ '00': 2n, '01': 1n, '02': 1n, '03': 1n, '04': 2n, '05': 1n });
    // Regions cycle DE-BE, CN-SH, ...: DE-BE (first trip 00:10) gets its 240 km, CN-SH the 60 km left of 300.
    const regions = new Map([...base.kmByRegion.keys()].map((bin, i) => [bin, changes(base, newUserDay, 'km_by_region')[i]]));
    expect(Object.fromEntries([...regions].filter(([, change]) => change !== 0n))).toEqual({ 'DE-BE': 240n, 'CN-SH': 60n });
    expect([...base.kmByRegion.keys()]).toEqual([...policy.regions, 'other']);
  });
});
