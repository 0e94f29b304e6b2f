import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { useTestRedis } from '../../support/redis-server.js';
import { spawnCli, stopSpawned } from '../../support/spawn-cli.js';
import { useTempDir } from '../../support/temp-dir.js';

// One writer per database, enforced: a second `stones ingest`, `stones run` or coordinator on a
// database in use stops at once with one line naming the holder; a holder killed with SIGKILL
// leaves a stale lock that the next command takes over.

const tempDir = useTempDir('stones-in-use-');
const redis = useTestRedis();
const TRIPS = join(REPO_ROOT, 'data-samples/trips.csv');

function expectRefusedNaming(result: ReturnType<typeof runCli>, db: string, holder: { pid: number | undefined; command: RegExp }): void {
  expect(result.status, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2); // one line and its newline
  expect(result.stderr).toMatch(
    new RegExp(
      `^stones: database_in_use: ${escapeRegExp(db)} is in use by pid ${holder.pid} on host ${escapeRegExp(hostname())} \\(${holder.command.source}\\) since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z`,
    ),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a database in use', () => {
  it('stops a second ingest or run at once naming the holder; a killed holder leaves a lock the next ingest takes over', async () => {
    const dir = tempDir();
    const db = join(dir, 'stones.duckdb');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const holder = spawnCli(['ingest', '--input', TRIPS, '--db', db], { STONES_TEST_PAUSE_BEFORE_COMMIT_MS: '60000' });
    try {
      await holder.waitFor(/paused before commit/);
      const command = /stones ingest --input \S+trips\.csv --db \S+stones\.duckdb/;
      expectRefusedNaming(runCli(['ingest', '--input', TRIPS, '--db', db], { env }), db, { pid: holder.child.pid, command });
      expectRefusedNaming(runCli(['run', '--input', TRIPS, '--db', db, '--out', join(dir, 'out'), '--no-prove'], { env }), db, {
        pid: holder.child.pid,
        command,
      });
      // A reader cannot open it either while the holder has it open (DuckDB's own lock), and says who.
      expectRefusedNaming(runCli(['runs', '--db', db], { env }), db, { pid: holder.child.pid, command });
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: holder.child.pid });

    const after = runCli(['ingest', '--input', TRIPS, '--db', db], { env });
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/1 file loaded/);
    expect(existsSync(`${db}.lock`)).toBe(false);
  }, 120_000);

  it('a coordinator holds it for its whole life: a second coordinator or an ingest is refused, `stones runs` still reads it between jobs', async () => {
    const dir = tempDir();
    const db = join(dir, 'stones.duckdb');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), STONES_WITNESS_KEY: join(dir, 'witness.key'), REDIS_URL: '' };
    expect(runCli(['ingest', '--input', TRIPS, '--db', db], { env }).status).toBe(0);
    const coordinatorArgs = ['worker', '--coordinator', '--db', db, '--out', join(dir, 'out'), '--redis', redis().url, '--prefix', redis().prefix];
    const coordinator = spawnCli(coordinatorArgs, env);
    try {
      await coordinator.waitFor(/^worker: ready, /m, 60_000);
      const command = /stones worker --coordinator --db \S+ --out \S+ --redis redis:\/\/\S+ --prefix \S+/;
      const second = runCli(coordinatorArgs, { env });
      expectRefusedNaming(second, db, { pid: coordinator.child.pid, command });
      expectRefusedNaming(runCli(['ingest', '--input', TRIPS, '--db', db], { env }), db, { pid: coordinator.child.pid, command });
      const runs = runCli(['runs', '--db', db], { env });
      expect(runs.status, runs.stderr).toBe(0);
      expect(runs.stdout).toBe('no runs\n');
    } finally {
      await stopSpawned(coordinator);
    }
    const [code] = await coordinator.exited;
    expect(code, coordinator.output()).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
  }, 120_000);
});
