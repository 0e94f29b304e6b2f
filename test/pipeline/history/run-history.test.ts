import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { runCli } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { useTempDir } from '../../support/temp-dir.js';

// Run history: run_stages rows for each stage, a failed stage marks the run failed, `stones
// runs` lists it, `stones run --resume` completes it on the same commit, and a database made
// before history existed is upgraded in place.

const tempDir = useTempDir('stones-history-');

/** 5 owners driving from 10-10 for 15 days, all enrolled before their first trip: the trips and the enrolment file. */
async function smallInput(dir: string): Promise<string[]> {
  return (await writeGeneratedInputs(dir, { users: 5, days: 15, seed: 4, start: '2026-10-10' })).inputs;
}

async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const database = await openDatabase(db);
  try {
    return (await database.connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    database.close();
  }
}

interface RunJson {
  run_id: string;
  status: string;
  started_by: string | null;
  failed_stage: string | null;
  failure: string | null;
  attempts: number;
  stage_ms: number | null;
  stages?: { attempt: number; stage: string; status: string; ms: number | null; counts: Record<string, unknown> | null; error: string | null }[];
}

describe('run history', () => {
  it('records every stage of a run with its times and counts, and stones runs lists it', async () => {
    const dir = tempDir();
    const db = join(dir, 's.duckdb');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), USER: 'alice' };
    const started = Date.now();
    const run = runCli(['run', '--input', ...(await smallInput(dir)), '--db', db, '--out', join(dir, 'out'), '--no-prove'], { env });
    expect(run.status, run.stderr).toBe(0);
    const runId = /committed: run (\S+),/.exec(run.stdout)?.[1] as string;

    const stages = await query(
      db,
      `SELECT stage, attempt, status, started_by, epoch_ms(started_at) AS started, epoch_ms(finished_at) AS finished, counts, error
       FROM run_stages WHERE run_id = '${runId}' ORDER BY started_at, stage`,
    );
    expect(stages.map((s) => s.stage)).toEqual(['ingest', 'features', 'commit', 'score', 'statistics', 'publish']);
    let previousEnd = started - 1000;
    for (const s of stages) {
      expect(s).toMatchObject({ attempt: 1, status: 'done', error: null });
      expect(String(s.started_by)).toMatch(/^cli:run alice@/);
      expect(Number(s.started)).toBeGreaterThanOrEqual(previousEnd);
      expect(Number(s.finished)).toBeGreaterThanOrEqual(Number(s.started));
      expect(Number(s.finished)).toBeLessThanOrEqual(Date.now());
      previousEnd = Number(s.finished);
    }
    const counts = Object.fromEntries(stages.map((s) => [s.stage, JSON.parse(String(s.counts)) as Record<string, unknown>]));
    expect(counts.ingest).toMatchObject({ files: 3, loaded: 3, rows_quarantined: 0 });
    expect(counts.ingest?.rows_read).toBe(counts.ingest?.rows_accepted);
    expect(counts.features).toEqual({ users: 5, active_users: 5, unenrolled_trips: 0, unenrolled_drivers: 0, trips_before_enrolment: 0 });
    expect(counts.commit).toEqual({ users: 5, batches: 1, reused: false });
    expect(counts.score).toMatchObject({ users: 5, reused: false, demo_beacon: true });
    expect(counts.publish).toMatchObject({ users: 5 });
    expect(await query(db, `SELECT status, started_by, failed_stage FROM runs`)).toEqual([
      { status: 'published', started_by: expect.stringMatching(/^cli:run alice@/), failed_stage: null },
    ]);

    const listed = runCli(['runs', '--db', db]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${runId}  2026-10 UTC  published  5 users, 1 batch  by cli:run alice@\\S+  created \\S+ \\S+Z  published \\S+ \\S+Z  stages [\\d.]+ s$`,
        'm',
      ),
    );
    const one = runCli(['runs', '--db', db, '--run', runId]);
    expect(one.stdout).toMatch(/^ {2}attempt 1 by cli:run alice@/m);
    expect(one.stdout).toMatch(/^ {4}commit {6}done {4}\S+ \S+Z +[\d.]+ s {2}users=5 batches=1 reused=false$/m);
    expect(runCli(['runs', '--db', db, '--status', 'failed']).stdout).toBe('no runs\n');
    expect(runCli(['runs', '--db', db, '--status', 'nope']).status).toBe(2);
  }, 60_000);

  it('marks a run failed in the stage that threw, and --resume completes it on the same commit', async () => {
    const dir = tempDir();
    const db = join(dir, 's.duckdb');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const blocked = join(dir, 'out');
    writeFileSync(blocked, 'not a folder'); // publish cannot create its run folder under a file
    const run = runCli(['run', '--input', ...(await smallInput(dir)), '--db', db, '--out', blocked, '--no-prove'], { env });
    expect(run.status).toBe(1);
    expect(
      run.stderr
        .replace(/^WARNING: .*\n/gm, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
    expect(run.stderr).toMatch(/^stones: output: cannot write the run folder under .*out: /m);

    const failed = JSON.parse(runCli(['runs', '--db', db, '--status', 'failed', '--json']).stdout) as RunJson[];
    expect(failed).toHaveLength(1);
    const runId = failed[0]?.run_id as string;
    expect(failed[0]).toMatchObject({ status: 'failed', failed_stage: 'publish', attempts: 1 });
    expect(failed[0]?.failure).toMatch(/^cannot write the run folder/);
    expect(runCli(['runs', '--db', db]).stdout).toMatch(new RegExp(`^${runId} .* failed  .* failed in publish: cannot write the run folder`, 'm'));
    const before = await query(
      db,
      `SELECT data_root, beacon, award_root, (SELECT count(*) FROM salts) AS salts, (SELECT count(*) FROM run_users) AS users FROM runs`,
    );

    rmSync(blocked); // the cause, fixed
    const resumed = runCli(['run', '--resume', runId, '--db', db, '--out', blocked, '--no-prove'], { env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`^resumed: run ${runId}, period 2026-10 \\(UTC\\), was failed in publish: cannot write .*; attempt 2$`, 'm'));
    expect(resumed.stdout).toMatch(/^already scored: 5 owners/m);
    expect(resumed.stdout).toMatch(/^statistics: republished release /m);
    expect(resumed.stdout).toContain(`written: ${join(blocked, runId)} `);
    expect(resumed.stdout).not.toContain('rows read');

    expect(
      await query(db, `SELECT data_root, beacon, award_root, (SELECT count(*) FROM salts) AS salts, (SELECT count(*) FROM run_users) AS users FROM runs`),
    ).toEqual(before);
    const history = JSON.parse(runCli(['runs', '--db', db, '--run', runId, '--json']).stdout) as RunJson;
    expect(history).toMatchObject({ status: 'published', failed_stage: null, failure: null, attempts: 2 });
    expect(history.stages?.filter((s) => s.attempt === 2).map((s) => [s.stage, s.status])).toEqual([
      ['score', 'done'],
      ['statistics', 'done'],
      ['publish', 'done'],
    ]);
    expect(history.stages?.find((s) => s.attempt === 1 && s.stage === 'publish')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^cannot write/),
    });
    expect(history.stages?.find((s) => s.attempt === 2 && s.stage === 'score')?.counts).toMatchObject({ reused: true });

    expect(runCli(['run', '--resume', '2026-10-000000000000', '--db', db, '--no-prove'], { env }).stderr).toMatch(
      /^stones: usage: no run 2026-10-000000000000 /,
    );
  }, 90_000);

  it('upgrades a database made before run history in place', async () => {
    const dir = tempDir();
    const db = join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    // The runs table as it was before run history (schema.sql before started_by, failed_stage, failure).
    await connection.run(`CREATE TABLE runs (
      run_id VARCHAR PRIMARY KEY, period VARCHAR NOT NULL, time_zone VARCHAR NOT NULL, status VARCHAR NOT NULL,
      created_at TIMESTAMPTZ NOT NULL, formula_id VARCHAR NOT NULL, formula_version INTEGER NOT NULL,
      formula_sha256 VARCHAR NOT NULL, formula_poseidon VARCHAR NOT NULL, pool UBIGINT NOT NULL, carried_in UBIGINT NOT NULL,
      batch_size INTEGER NOT NULL, users INTEGER NOT NULL, batches INTEGER NOT NULL, data_root VARCHAR NOT NULL,
      data_root_recorded_at TIMESTAMPTZ NOT NULL, beacon VARCHAR, beacon_recorded_at TIMESTAMPTZ, demo_beacon BOOLEAN,
      award_root VARCHAR, total_noisy UBIGINT, remainder UBIGINT, scored_at TIMESTAMPTZ, output_dir VARCHAR, published_at TIMESTAMPTZ)`);
    await connection.run(`INSERT INTO runs (run_id, period, time_zone, status, created_at, formula_id, formula_version, formula_sha256, formula_poseidon,
      pool, carried_in, batch_size, users, batches, data_root, data_root_recorded_at, published_at)
      VALUES ('2026-09-0123456789ab', '2026-09', 'UTC', 'published', TIMESTAMPTZ '2026-10-01 02:00:00+00', 'f', 1, 'sha', '0x1', 1000, 0, 8, 16, 2, '0x2',
              TIMESTAMPTZ '2026-10-01 02:00:00+00', TIMESTAMPTZ '2026-10-01 02:05:00+00')`);
    connection.closeSync();
    instance.closeSync();

    const listed = runCli(['runs', '--db', db]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(
      '2026-09-0123456789ab  2026-09 UTC  published  16 users, 2 batches  by unknown  created 2026-10-01 02:00:00Z  published 2026-10-01 02:05:00Z  stages -\n',
    );
    expect(runCli(['runs', '--db', db, '--run', '2026-09-0123456789ab']).stdout).toContain('no stage history');
    const columns = await query(db, `SELECT column_name FROM duckdb_columns() WHERE table_name = 'runs' ORDER BY column_index`);
    expect(columns.map((c) => c.column_name).slice(-9)).toEqual([
      'started_by',
      'failed_stage',
      'failure',
      'previous_run_id',
      'record_sha256',
      'draw_total',
      'draw_offset',
      'data_root_anchor',
      'beacon_drand',
    ]);
    expect(await query(db, `SELECT run_id, status, started_by FROM runs`)).toEqual([{ run_id: '2026-09-0123456789ab', status: 'published', started_by: null }]);
  });
});
