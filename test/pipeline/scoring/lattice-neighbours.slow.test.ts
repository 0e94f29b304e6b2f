import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';
import {
  defaultOwnersPath,
  generateOwners,
  generateTrips,
  writeOwnersFile,
  writeTripsFile,
  type GenerateOptions,
  type OwnerRecord,
  type TripRecord,
} from '../../../pipeline/generate/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import {
  beaconToField,
  coinCount,
  dailyCapsOf,
  FEATURE_NAMES,
  loadFormula,
  noisyScore,
  quantiseScore,
  scoreNoisePrivacy,
  scoreOf,
  publishedFormulaPath,
  type FeatureValues,
  type Formula,
} from '../../../pipeline/scoring/index.js';

// The acceptance test of the lattice noise: two datasets that differ in one user-day (all the
// trips of one owner on one local day, added or removed) give every owner the same published
// noisy score but that owner, whose noisy score moves by whole lattice steps, at most
// ceil(228 / 114) = 2 of them; and the lines published are the same.
//
// The data: `stones generate`'s generator, 40 owner numbers over 31 days from 2026-10-01, seed 2
// (its owners file has drivers who never enrolled, an enrolled owner with no trip, and owners
// whose only day of driving falls in the period), plus two owners by hand:
//   hand-one-day  enrolled 2026-09-20, six night trips on 14 October (UTC) that reach every
//                 daily cap: 60 + 12*4 + 60 + 20 + 20 + 20*1 = 228, plus tenure 42: 270 = 114*2 + 42.
//                 Without that day it keeps its line with 42 points: q falls from 2 to 0.
//   hand-late     enrolled 2026-10-20, a trip on 12 October (before enrolment: counts for
//                 nothing) and one on 25 October (its only counted day).
// The period is October 2026 in UTC, so a local day is a UTC calendar day.
const OPTIONS: GenerateOptions = { users: 40, days: 31, seed: 2, start: '2026-10-01' };
const PERIOD = parsePeriod('2026-10', 'UTC');
const UTC_DAY = "CAST(timezone('UTC', started_at) AS DATE)";
const BEACON = beaconToField('0x1a77ce5e1e9b0a2d');

const HAND_OWNERS: OwnerRecord[] = [
  { user_id: 'hand-one-day', enrolled_on: '2026-09-20' },
  { user_id: 'hand-late', enrolled_on: '2026-10-20' },
];

function handTrips(): TripRecord[] {
  const regions = ['AU-NSW', 'CN-SH', 'DE-BE'];
  const trip = (id: string, user: string, start: string, minutes: number, km: number, adas: number, region: string): TripRecord => ({
    trip_id: id,
    user_id: user,
    vehicle_id: `${user}-car`,
    started_at: start,
    ended_at: new Date(Date.parse(start) + minutes * 60_000).toISOString().replace('.000Z', 'Z'),
    distance_km: km,
    energy_kwh: null,
    adas_km: adas,
    region,
  });
  return [
    // 6 trips (cap 4), 90 km (cap 60), 30 ADAS km (cap 20), 90 night km (cap 20), 3 regions (cap 1).
    ...Array.from({ length: 6 }, (_, h) => trip(`hand-night-${h}`, 'hand-one-day', `2026-10-14T0${h}:10:00Z`, 30, 15, 5, regions[h % 3]!)),
    trip('hand-late-1', 'hand-late', '2026-10-12T12:00:00Z', 40, 20, 0, 'DE-BE'),
    trip('hand-late-2', 'hand-late', '2026-10-25T12:00:00Z', 40, 20, 0, 'DE-BE'),
  ];
}

/** One salt per owner, fixed for both datasets: reproducible, spread over the field. */
function saltOf(userId: string): bigint {
  return BigInt(`0x${createHash('sha256').update(`lattice-salt-${userId}`).digest('hex')}`) % BN254_FIELD_MODULUS;
}

interface Line {
  features: FeatureValues;
  score: bigint;
  noisy: bigint;
}

describe('one user-day moves one noisy score by at most latticeShift steps of k', () => {
  let dir: string;
  let db: Database;
  let formula: Formula;
  let hasher: PoseidonHasher;
  let enrolled: OwnerRecord[];
  const coins = new Map<string, number>();

  /** The period's lines as computeFeatures writes them, scored and noised with the fixed coins. */
  async function lines(connection: DuckDBConnection): Promise<Map<string, Line>> {
    await computeFeatures(connection, { period: PERIOD, caps: dailyCapsOf(formula) });
    const reader = await connection.runAndReadAll(`SELECT user_id, ${FEATURE_NAMES.join(', ')} FROM features WHERE period = '2026-10' ORDER BY user_id`);
    const result = new Map<string, Line>();
    for (const row of reader.getRowObjectsJS()) {
      const user = String(row.user_id);
      const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, Number(row[name])])) as FeatureValues;
      let count = coins.get(user);
      if (count === undefined) {
        count = coinCount(hasher, BEACON, saltOf(user), formula.noise.n);
        coins.set(user, count);
      }
      const score = scoreOf(formula, features);
      result.set(user, { features, score, noisy: noisyScore(formula, score, count) });
    }
    return result;
  }

  /** The lines with every trip of `user` on UTC day `day` removed; the trips are put back afterwards. */
  async function linesWithout(connection: DuckDBConnection, user: string, day: string): Promise<Map<string, Line>> {
    const where = `user_id = $user AND ${UTC_DAY} = CAST($day AS DATE)`;
    await connection.run(`CREATE TEMP TABLE removed AS SELECT * FROM trips WHERE ${where}`, { user, day });
    const removed = await connection.run(`DELETE FROM trips WHERE ${where}`, { user, day });
    expect(removed.rowsChanged, `${user} on ${day}`).toBeGreaterThan(0);
    try {
      return await lines(connection);
    } finally {
      await connection.run('INSERT INTO trips SELECT * FROM removed');
      await connection.run('DROP TABLE removed');
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stones-lattice-'));
    const tripsPath = join(dir, 'trips.csv');
    const handPath = join(dir, 'hand.csv');
    await writeTripsFile(generateTrips(OPTIONS), tripsPath);
    await writeOwnersFile(generateOwners(OPTIONS), defaultOwnersPath(tripsPath));
    await writeTripsFile(handTrips(), handPath);
    await writeOwnersFile(HAND_OWNERS, defaultOwnersPath(handPath));
    enrolled = [...generateOwners(OPTIONS), ...HAND_OWNERS].filter((owner) => owner.enrolled_on <= '2026-10-31');

    db = await openDatabase(':memory:');
    const summary = await ingestFiles(db.connection, { inputs: [dir] });
    expect(summary.files).toHaveLength(4);
    expect(summary.rowsQuarantined).toBe(0);
    formula = (await loadFormula(publishedFormulaPath())).formula;
    hasher = await createPoseidon();
  }, 60_000);

  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds for every user-day of the period', async () => {
    const privacy = scoreNoisePrivacy(formula);
    expect(privacy).toMatchObject({ sensitivity: 228n, k: 114, n: 128, latticeShift: 2 });
    const k = BigInt(privacy.k);
    const shift = BigInt(privacy.latticeShift);
    const started = performance.now();
    const connection = db.connection;

    const before = await lines(connection);
    const owners = [...before.keys()];
    // (d) One line per owner enrolled by the period's last day, whatever they drove.
    expect(owners).toEqual(enrolled.map((owner) => owner.user_id).sort());
    expect(before.get('hand-one-day')!.score).toBe(270n);
    expect(before.get('hand-late')!.features.active_days).toBe(1);
    // The generated period itself has an enrolled owner who never drove, and owners with one active day.
    expect([...before.values()].some((line) => line.features.active_days === 0)).toBe(true);
    const generatedOneDay = owners.filter((user) => !user.startsWith('hand-') && before.get(user)!.features.active_days === 1);
    expect(generatedOneDay.length).toBeGreaterThan(0);

    // Every user-day of the data: enrolled owners' in the period, before enrolment, and of drivers never enrolled.
    const reader = await connection.runAndReadAll(`SELECT DISTINCT user_id, CAST(${UTC_DAY} AS VARCHAR) AS day FROM trips ORDER BY user_id, day`);
    const userDays = reader.getRowObjectsJS().map((row) => ({ user: String(row.user_id), day: String(row.day) }));
    const drivers = new Set(userDays.map(({ user }) => user));
    expect([...drivers].some((user) => !before.has(user))).toBe(true);

    for (const line of before.values()) expect(line.noisy % k).toBe(0n); // (a), before

    let largestSteps = 0n;
    let largestQuotientMove = 0n;
    let largestScoreMove = 0n;
    let moved = 0;
    let onlyDayRemoved = 0;
    for (const { user, day } of userDays) {
      const after = await linesWithout(connection, user, day);
      const what = `${user} without ${day}`;
      // (d) The same lines.
      expect([...after.keys()], what).toEqual(owners);
      for (const [other, line] of after) {
        // (a) Every noisy score is on the lattice.
        expect(line.noisy % k, `${what}: ${other}`).toBe(0n);
        // (c) Nobody else moves.
        if (other !== user) expect(line.noisy, `${what}: ${other} moved`).toBe(before.get(other)!.noisy);
      }
      const old = before.get(user);
      if (old === undefined) continue; // a driver who never enrolled: no line to move
      const now = after.get(user)!;
      if (old.features.active_days === 1 && now.features.active_days === 0) onlyDayRemoved += 1;
      // (e) The score moves by at most the sensitivity.
      const scoreMove = abs(old.score - now.score);
      expect(scoreMove <= privacy.sensitivity, `${what}: score ${old.score} -> ${now.score}`).toBe(true);
      // (b) The noisy score moves by whole steps of k, at most latticeShift of them; so does q.
      const noisyMove = abs(old.noisy - now.noisy);
      expect(noisyMove % k, what).toBe(0n);
      expect(noisyMove / k <= shift, `${what}: noisy ${old.noisy} -> ${now.noisy}`).toBe(true);
      const quotientMove = abs(quantiseScore(old.score, k).quotient - quantiseScore(now.score, k).quotient);
      expect(quotientMove <= shift, `${what}: q moved ${quotientMove}`).toBe(true);
      if (noisyMove > 0n) moved += 1;
      largestSteps = max(largestSteps, noisyMove / k);
      largestQuotientMove = max(largestQuotientMove, quotientMove);
      largestScoreMove = max(largestScoreMove, scoreMove);
    }
    const seconds = (performance.now() - started) / 1000;

    // Not vacuous: every kind of day was removed, and the bounds were reached. hand-one-day's
    // only day moves its score by exactly 228 and q by exactly 2 (270 -> 42).
    expect(userDays.length).toBeGreaterThan(300);
    expect(moved).toBeGreaterThan(0);
    expect(onlyDayRemoved).toBeGreaterThanOrEqual(generatedOneDay.length + 2);
    expect(largestScoreMove).toBe(privacy.sensitivity);
    expect(largestQuotientMove).toBe(shift);
    expect(largestSteps).toBeLessThanOrEqual(shift);
    console.log(
      `lattice neighbours: ${owners.length} lines (${drivers.size} drivers), ${userDays.length} user-days removed one at a time, ` +
        `${moved} moved their owner's noisy score; largest move ${largestSteps} steps of k (q: ${largestQuotientMove}, score: ${largestScoreMove}); ` +
        `${onlyDayRemoved} were an owner's only active day; ${seconds.toFixed(1)} s`,
    );
  }, 600_000);
});

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
