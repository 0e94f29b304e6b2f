import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { nightlyRun, type NightlyRunOutcome } from '../../../pipeline/run/index.js';
import { loadFormula, publishedFormulaPath, type LoadedFormula } from '../../../pipeline/scoring/index.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { useTempDir } from '../../support/temp-dir.js';

// The nightly run, embedded (no Redis, no proving), night after night over one inbox folder:
// files of a period still open are loaded and their features computed, nothing released; the
// first night after the period's close releases it although no new file came; the night
// after, nothing is new. October 2026 (UTC) closes at 2026-11-04T00:00Z. Every night says
// when it acts.

const tempDir = useTempDir('stones-nightly-');
const PEPPER = BigInt(`0x5ec2e7${'4e'.repeat(28)}`);

let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;

beforeAll(async () => {
  formula = await loadFormula(publishedFormulaPath());
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 1 });
});

afterAll(async () => {
  await hasher?.close();
});

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  return Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]);
}

/** `<dir>/inbox` holding the generated trips and their enrolment file. */
async function inboxWith(dir: string, generated: { users: number; days: number; seed: number; start: string }): Promise<string> {
  const made = await writeGeneratedInputs(dir, generated);
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  copyFileSync(made.trips, join(inbox, 'trips.csv'));
  copyFileSync(made.owners, join(inbox, 'trips.owners.csv'));
  return inbox;
}

function summary(outcome: NightlyRunOutcome): { status: string; period?: string } {
  return outcome.status === 'nothing-new' ? { status: outcome.status } : { status: outcome.status, period: outcome.result.period.id };
}

describe('nightlyRun across the close of a period', () => {
  it('files of an open period: open; the night after the close, no new file: released; the night after: nothing new; a late file: a correction', async () => {
    const dir = tempDir();
    // Trips from 10-06 to 10-25 local time: every one of them is in October in UTC too.
    const inbox = await inboxWith(dir, { users: 12, days: 20, seed: 8, start: '2026-10-06' });
    const database = await openDatabase(join(dir, 'stones.duckdb'));
    try {
      const night = (now: string) =>
        nightlyRun(database.connection, {
          inputs: [inbox],
          timeZone: 'UTC',
          formula,
          pepper: PEPPER,
          outDir: join(dir, 'out'),
          hasher,
          poseidon,
          now: new Date(now),
        });

      const first = await night('2026-10-28T02:00:00Z');
      expect(summary(first)).toEqual({ status: 'open', period: '2026-10' });
      if (first.status !== 'open') return;
      expect(first.result.closesAt.toISOString()).toBe('2026-11-04T00:00:00.000Z');
      expect(first.result.ingest.files.map((f) => [f.kind, f.status])).toEqual([
        ['trips', 'loaded'],
        ['owners', 'loaded'],
      ]);
      expect(await count(database.connection, 'SELECT count(*) FROM runs')).toBe(0);
      expect(await count(database.connection, 'SELECT count(*) FROM privacy_ledger')).toBe(0);
      const enrolled = first.result.features.users;

      // Inside the grace days: still open, nothing new.
      expect(summary(await night('2026-11-03T02:00:00Z'))).toEqual({ status: 'nothing-new' });
      expect(await count(database.connection, 'SELECT count(*) FROM runs')).toBe(0);

      const second = await night('2026-11-04T02:00:00Z');
      expect(summary(second)).toEqual({ status: 'ran', period: '2026-10' });
      if (second.status !== 'ran') return;
      expect(second.result.ingest.files.map((f) => f.status)).toEqual(['already_loaded', 'already_loaded']);
      expect(second.result.score.users).toBe(enrolled);
      expect(second.result.publish.manifest.privacy.release.index).toBe(1);

      const third = await night('2026-11-05T02:00:00Z');
      expect(summary(third)).toEqual({ status: 'nothing-new' });
      expect(await count(database.connection, `SELECT count(*) FROM privacy_ledger WHERE mechanism = 'binomial'`)).toBe(1);

      // A late file of the closed period: the nightly run releases a correction of it.
      const [user, day] = ['u0000001', '2026-10-27'];
      writeFileSync(
        join(inbox, 'late.csv'),
        `trip_id,user_id,vehicle_id,started_at,ended_at,distance_km\nlate-1,${user},late-car,${day}T09:00:00Z,${day}T09:40:00Z,25\n`,
      );
      const fourth = await night('2026-11-06T02:00:00Z');
      expect(summary(fourth)).toEqual({ status: 'ran', period: '2026-10' });
      if (fourth.status !== 'ran') return;
      expect(fourth.result.commit.runId).not.toBe(second.result.commit.runId);
      expect(fourth.result.publish.manifest.privacy.release).toMatchObject({ index: 2, period_epsilon: 3.9768 });
      expect(summary(await night('2026-11-07T02:00:00Z'))).toEqual({ status: 'nothing-new' });
      expect(await count(database.connection, `SELECT count(*) FROM privacy_ledger WHERE mechanism = 'binomial'`)).toBe(2);
    } finally {
      database.close();
    }
  }, 120_000);

  // Generated October files (like the bundled sample) hold a few trips that start on 09-30 in
  // UTC (mornings of 10-01 east of UTC) and on 11-01 (evenings of 10-31 west of it). On the
  // first night those files arrive, October is still open: the run stops at 'open'. The waiting
  // closed periods are those some trips file is about (its majority month, as periodOfLoads
  // decides), so September, closed since 10-04, is not released from a dozen spill-over trips
  // (an earlier unreleased-periods.sql listed every month holding any trip, and did).
  it('files of an open period whose trips spill into the closed month before: open, and September is not released', async () => {
    const dir = tempDir();
    const inbox = await inboxWith(dir, { users: 40, days: 31, seed: 2026, start: '2026-10-01' });
    const database = await openDatabase(join(dir, 'stones.duckdb'));
    try {
      const outcome = await nightlyRun(database.connection, {
        inputs: [inbox],
        timeZone: 'UTC',
        formula,
        pepper: PEPPER,
        outDir: join(dir, 'out'),
        hasher,
        poseidon,
        now: new Date('2026-11-02T02:00:00Z'),
      });
      const september = await count(database.connection, `SELECT count(*) FROM trips WHERE started_at < TIMESTAMPTZ '2026-10-01 00:00:00+00'`);
      expect(september, 'the files hold trips of 09-30 in UTC').toBeGreaterThan(0);
      expect(summary(outcome)).toEqual({ status: 'open', period: '2026-10' });
      expect(await count(database.connection, 'SELECT count(*) FROM runs')).toBe(0);
    } finally {
      database.close();
    }
  }, 120_000);
});
