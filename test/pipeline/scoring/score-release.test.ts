import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitPeriod } from '../../../pipeline/commitments/index.js';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { PeriodOpenError, PrivacyBudgetError } from '../../../pipeline/errors/index.js';
import { computeFeatures, parsePeriod } from '../../../pipeline/features/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import type { Manifest } from '../../../pipeline/publishing/index.js';
import { releasedRun, runPipeline, type ReleasedRun, type RunPipelineOptions } from '../../../pipeline/run/index.js';
import {
  dailyCapsOf,
  demoBeacon,
  loadFormula,
  NEIGHBOUR_RELATION,
  publishedFormulaPath,
  readScoreReleases,
  scoreRun,
  type Beacon,
  type LoadedFormula,
} from '../../../pipeline/scoring/index.js';
import { runCli } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';

// One score release per period, charged to its privacy ledger: the release at the close, a
// correction after late data (a new data root, so a new run) charged again, a release past the
// formula's release.period_epsilon (4: two releases of 1.9884) refused before its beacon is
// recorded, and the same data again reusing its run at no charge. Every run says when it acts.

const PEPPER = BigInt(`0x5ec2e7${'71'.repeat(28)}`);
const NOW = new Date('2026-11-10T00:00:00Z'); // October 2026 closed at 2026-11-04T00:00Z
const EPSILON = 1.9884;

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

function manifestOf(run: ReleasedRun): Manifest {
  return JSON.parse(readFileSync(join(run.publish.runDir, 'bundle', 'manifest.json'), 'utf8')) as Manifest;
}

/**
 * Enrolled owners with an October day (on or after their enrolment) on which they did not
 * drive: a trip there changes their features, so the period's data root.
 */
async function freeDays(connection: DuckDBConnection, howMany: number): Promise<[string, string][]> {
  const reader = await connection.runAndReadAll(
    `SELECT o.user_id, strftime(d.day, '%Y-%m-%d')
     FROM owners AS o
     CROSS JOIN (SELECT CAST(range AS DATE) AS day FROM range(DATE '2026-10-05', DATE '2026-10-28', INTERVAL 1 DAY)) AS d
     WHERE d.day >= o.enrolled_on
       AND NOT EXISTS (SELECT 1 FROM trips AS t WHERE t.user_id = o.user_id AND CAST(timezone('UTC', t.started_at) AS DATE) = d.day)
     ORDER BY o.user_id, d.day
     LIMIT ${howMany}`,
  );
  return reader.getRows().map(([user, day]) => [String(user), String(day)]);
}

/** A late trips file: one 25 km trip at 09:00 UTC for the owner on the day. */
function lateFile(dir: string, name: string, [user, day]: [string, string]): string {
  const path = join(dir, name);
  writeFileSync(path, `trip_id,user_id,vehicle_id,started_at,ended_at,distance_km\n${name}-1,${user},late-car,${day}T09:00:00Z,${day}T09:40:00Z,25\n`);
  return path;
}

describe('the score releases of a period', () => {
  let dir: string;
  let database: Database;
  let options: (inputs: string[]) => RunPipelineOptions;
  let first: ReleasedRun;
  let correction: ReleasedRun;
  let lateDays: [string, string][];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stones-score-release-'));
    database = await openDatabase(join(dir, 'stones.duckdb'));
    options = (inputs) => ({ inputs, timeZone: 'UTC', formula, pepper: PEPPER, outDir: join(dir, 'out'), hasher, poseidon, now: NOW });
    const { inputs } = await writeGeneratedInputs(dir, { users: 20, days: 31, seed: 11, start: '2026-10-01' });
    first = releasedRun(await runPipeline(database.connection, options(inputs)));
    lateDays = await freeDays(database.connection, 2);
  }, 120_000);

  afterAll(() => {
    database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the release at the close: one ledger row, in the transaction of the scores, and the manifest reports it', async () => {
    const releases = await readScoreReleases(database.connection, '2026-10');
    expect(releases.releases.map((r) => [r.runId, r.epsilon, r.delta])).toEqual([[first.commit.runId, EPSILON, 1e-8]]);
    const row = (
      await database.connection.runAndReadAll(
        `SELECT release_id, statistic, mechanism, scale, sensitivity_l1, epsilon_value, delta, data_fingerprint, time_zone FROM privacy_ledger WHERE mechanism = 'binomial'`,
      )
    ).getRowObjectsJS();
    expect(row).toEqual([
      {
        release_id: `2026-10-scores-${first.commit.runId.slice(-12)}`,
        statistic: 'score_noise',
        mechanism: 'binomial',
        scale: '114',
        sensitivity_l1: 228n,
        epsilon_value: EPSILON,
        delta: 1e-8,
        data_fingerprint: first.publish.manifest.data_root,
        time_zone: 'UTC',
      },
    ]);
    const manifest = manifestOf(first);
    expect(manifest.privacy).toEqual({
      mechanism: 'binomial',
      privacy_unit: 'user_day',
      neighbours: NEIGHBOUR_RELATION,
      n: 128,
      k: 114,
      sensitivity: '228',
      lattice_shift: 2,
      noise_sd: (114 * Math.sqrt(128)) / 2,
      epsilon: EPSILON,
      target_epsilon: 2,
      delta: 1e-8,
      release: { index: 1, period_epsilon: EPSILON, period_delta: 1e-8, period_epsilon_budget: 4 },
    });
    // Published noisy scores sit on the lattice kZ.
    const noisy = (await database.connection.runAndReadAll(`SELECT noisy_score FROM run_users WHERE run_id = '${first.commit.runId}'`)).getRows();
    for (const [value] of noisy) expect(BigInt(value as bigint) % 114n).toBe(0n);
  });

  it('the same data again: the same run, nothing drawn or charged', async () => {
    const rows = await count(database.connection, 'SELECT count(*) FROM privacy_ledger');
    const again = releasedRun(await runPipeline(database.connection, options([join(dir, 'trips.csv'), join(dir, 'trips.owners.csv')])));
    expect(again.commit).toMatchObject({ runId: first.commit.runId, reused: true });
    expect(again.score.reused).toBe(true);
    expect(again.score.awardRoot).toBe(first.score.awardRoot);
    expect(await count(database.connection, 'SELECT count(*) FROM privacy_ledger')).toBe(rows);
    expect(again.publish.manifest.privacy.release.index).toBe(1);
  }, 60_000);

  it('a correction after late data: a new run, charged again (release 2, epsilon 2 x 1.9884)', async () => {
    const late = lateFile(dir, 'late-a.csv', lateDays[0]!);
    correction = releasedRun(await runPipeline(database.connection, options([late])));
    expect(correction.period.id).toBe('2026-10');
    expect(correction.commit.reused).toBe(false);
    expect(correction.commit.runId).not.toBe(first.commit.runId);
    expect(correction.commit.dataRoot).not.toBe(first.commit.dataRoot);
    const releases = await readScoreReleases(database.connection, '2026-10');
    expect(releases.releases.map((r) => r.runId)).toEqual([first.commit.runId, correction.commit.runId]);
    expect(releases.epsilon).toBeCloseTo(2 * EPSILON, 9);
    const manifest = manifestOf(correction);
    expect(manifest.privacy.release).toEqual({ index: 2, period_epsilon: 2 * EPSILON, period_delta: 2e-8, period_epsilon_budget: 4 });
    expect(manifest.privacy.epsilon).toBe(EPSILON);
    // The first release's bundle is left as it was published.
    expect(manifestOf(first).privacy.release.index).toBe(1);
    // Re-running the correction's data reuses it: no third charge.
    const again = releasedRun(await runPipeline(database.connection, options([late])));
    expect(again.commit).toMatchObject({ runId: correction.commit.runId, reused: true });
    expect((await readScoreReleases(database.connection, '2026-10')).releases).toHaveLength(2);
  }, 60_000);

  it('a third release would pass release.period_epsilon 4: refused before its beacon is recorded, and nothing of it is written', async () => {
    const ledgerBefore = (await database.connection.runAndReadAll('SELECT * FROM privacy_ledger ORDER BY ALL')).getRowsJS();
    const late = lateFile(dir, 'late-b.csv', lateDays[1]!);
    const refusal = await runPipeline(database.connection, options([late])).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PrivacyBudgetError);
    expect((refusal as PrivacyBudgetError).code).toBe('privacy_budget_exceeded');
    expect((refusal as Error).message).toBe(
      'period 2026-10 has released its scores 2 time(s), epsilon 3.9768 of its score budget 4; another release costs epsilon 1.9884 (5.9652 in all), ' +
        'so it is refused before any coin is drawn: nothing recorded, nothing published (stones privacy ledger --period 2026-10 shows the ledger)',
    );
    // The ledger is as it was: no score release, no statistics.
    expect((await database.connection.runAndReadAll('SELECT * FROM privacy_ledger ORDER BY ALL')).getRowsJS()).toEqual(ledgerBefore);
    // The commit of the new data exists (its data root is recorded), but no beacon, no score, no folder.
    const third = (
      await database.connection.runAndReadAll(
        `SELECT run_id, status, failed_stage, beacon, beacon_recorded_at, award_root, total_noisy, scored_at, output_dir FROM runs
         WHERE run_id NOT IN ('${first.commit.runId}', '${correction.commit.runId}')`,
      )
    ).getRowObjectsJS();
    expect(third).toEqual([
      {
        run_id: expect.stringMatching(/^2026-10-[0-9a-f]{12}$/),
        status: 'failed',
        failed_stage: 'score',
        beacon: null,
        beacon_recorded_at: null,
        award_root: null,
        total_noisy: null,
        scored_at: null,
        output_dir: null,
      },
    ]);
    const thirdId = String(third[0]!.run_id);
    expect(
      await count(
        database.connection,
        `SELECT count(*) FROM run_users WHERE run_id = '${thirdId}' AND (score IS NOT NULL OR noisy_score IS NOT NULL OR award IS NOT NULL)`,
      ),
    ).toBe(0);
    expect(existsSync(join(dir, 'out', thirdId))).toBe(false);
    // Refused again the same way: a retry changes nothing.
    await expect(runPipeline(database.connection, options([late]))).rejects.toThrow(PrivacyBudgetError);
    expect((await database.connection.runAndReadAll('SELECT * FROM privacy_ledger ORDER BY ALL')).getRowsJS()).toEqual(ledgerBefore);
  }, 60_000);

  it('stones privacy ledger --period lists the score releases next to the statistics', () => {
    database.close();
    const shown = runCli(['privacy', 'ledger', '--period', '2026-10', '--db', join(dir, 'stones.duckdb')]);
    expect(shown.stderr).toBe('');
    expect(shown.status).toBe(0);
    const text = shown.stdout;
    // The two releases of statistics (one per data), then the two score releases.
    expect(text.match(/^release 2026-10-stats-[0-9a-f]{12}: run /gm)).toHaveLength(2);
    expect(text).toContain(`release ${first.statistics!.release_id}: run ${first.commit.runId}, UTC`);
    expect(text).toContain(`release ${correction.statistics!.release_id}: run ${correction.commit.runId}, UTC`);
    expect(text).toMatch(
      new RegExp(
        `^score release 1 \\(run ${first.commit.runId}, \\S+Z\\): binomial on the lattice \\(k 114, sensitivity 228\\), epsilon 1\\.988, delta 1e-8$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `^score release 2 \\(run ${correction.commit.runId}, \\S+Z\\): binomial on the lattice \\(k 114, sensitivity 228\\), epsilon 1\\.988, delta 1e-8$`,
        'm',
      ),
    );
    expect(text.match(/^score release /gm)).toHaveLength(2);
    expect(text).toMatch(/^spent on score releases: epsilon 3\.977 of 4 /m);
    expect(text).toMatch(/^spent on statistics: rho 0\.5 of 1 .* in 2 releases$/m);
    expect(text).toMatch(/^in all, statistics and score noise by basic composition: epsilon [\d.]+, delta [\d.e-]+ \(2 score releases\)$/m);
  });
});

describe('scoreRun of a period not closed yet', () => {
  it('refuses with period_open before the beacon is recorded, and scores the same run once the period closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stones-score-open-'));
    const database = await openDatabase(':memory:');
    try {
      const { inputs } = await writeGeneratedInputs(dir, { users: 8, days: 31, seed: 12, start: '2026-10-01' });
      await ingestFiles(database.connection, { inputs });
      const period = parsePeriod('2026-10', 'UTC');
      await computeFeatures(database.connection, { period, caps: dailyCapsOf(formula.formula) });
      // Committing does not wait for the close; releasing does.
      const commit = await commitPeriod(database.connection, { period, formula, pepper: PEPPER, hasher, poseidon });
      const beacon: Beacon = demoBeacon(commit.dataRoot);
      const score = (now: Date) => scoreRun(database.connection, { runId: commit.runId, beacon, formula, hasher, poseidon, now });

      for (const now of [new Date('2026-10-31T23:59:59Z'), new Date('2026-11-03T23:59:59.999Z')]) {
        const refusal = await score(now).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(PeriodOpenError);
        expect((refusal as PeriodOpenError).code).toBe('period_open');
        expect((refusal as Error).message).toBe(
          'period 2026-10 closes at 2026-11-04T00:00:00.000Z (its end plus 3 grace days for late files): its scores are released once, at the close',
        );
      }
      const run = (await database.connection.runAndReadAll(`SELECT status, beacon, award_root FROM runs`)).getRowObjectsJS();
      expect(run).toEqual([{ status: 'committed', beacon: null, award_root: null }]);
      expect(await count(database.connection, 'SELECT count(*) FROM privacy_ledger')).toBe(0);
      expect(await count(database.connection, 'SELECT count(*) FROM run_users WHERE score IS NOT NULL OR noisy_score IS NOT NULL')).toBe(0);

      const scored = await score(new Date('2026-11-04T00:00:00Z'));
      expect(scored.reused).toBe(false);
      expect(await count(database.connection, `SELECT count(*) FROM privacy_ledger WHERE mechanism = 'binomial'`)).toBe(1);
    } finally {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('stones score of a committed run whose period is open', () => {
  // December 2098 closes on 2099-01-04: open whatever today's date (until then). `stones
  // commit` needs enrolled owners only; `stones score` acts at the real time.
  it('fails in one line with period_open, exit 1, and records no beacon, score, ledger row or folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stones-score-open-cli-'));
    try {
      const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
      const db = join(dir, 'stones.duckdb');
      const out = join(dir, 'out');
      const owners = join(dir, 'owners.csv');
      writeFileSync(owners, 'user_id,enrolled_on\nu1,2026-01-01\nu2,2098-12-01\n');
      expect(runCli(['ingest', '--input', owners, '--db', db]).status).toBe(0);
      const commit = runCli(['commit', '--period', '2098-12', '--db', db], { env });
      expect(commit.status, commit.stderr).toBe(0);
      const runId = /committed: run (2098-12-[0-9a-f]{12}), 2 users in 1 batches/.exec(commit.stdout)?.[1];
      expect(runId, commit.stdout).toBeDefined();

      const score = runCli(['score', '--run', runId!, '--beacon', '0x5eed', '--db', db], { env });
      expect(score.status).toBe(1);
      expect(score.stdout).toBe('');
      expect(score.stderr).toBe(
        'stones: period_open: period 2098-12 closes at 2099-01-04T00:00:00.000Z (its end plus 3 grace days for late files): its scores are released once, at the close\n',
      );
      expect(existsSync(out)).toBe(false);
      const database = await openDatabase(db);
      try {
        const run = (
          await database.connection.runAndReadAll(`SELECT beacon, beacon_recorded_at, award_root, scored_at, failed_stage FROM runs`)
        ).getRowObjectsJS();
        expect(run).toEqual([{ beacon: null, beacon_recorded_at: null, award_root: null, scored_at: null, failed_stage: 'score' }]);
        expect(await count(database.connection, 'SELECT count(*) FROM privacy_ledger')).toBe(0);
        expect(await count(database.connection, 'SELECT count(*) FROM run_users WHERE score IS NOT NULL OR noisy_score IS NOT NULL OR award IS NOT NULL')).toBe(
          0,
        );
      } finally {
        database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
