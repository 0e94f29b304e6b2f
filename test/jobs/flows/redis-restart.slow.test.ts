import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalRedisServer, type LocalRedisServer } from '../../support/local-redis-server.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../../../pipeline/generate/index.js';
import { runCli } from '../../support/cli.js';
import { uniquePrefix } from '../../support/redis-server.js';
import { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';
import { spawnCli, stopSpawned, type Spawned } from '../../support/spawn-cli.js';
import { useTempDir } from '../../support/temp-dir.js';

// Redis stopped while a run is being proved, and started again on the same port: with its
// append-only file (the deployment the README asks for) the run resumes where it was; without
// persistence (Redis comes back empty) the coordinator adds the batches not yet proved again.
// These tests need a Redis of their own to stop, so they ignore REDIS_URL.

const tempDir = useTempDir('stones-redis-restart-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function restartCase(appendOnly: boolean): Promise<{ run: Spawned; worker: Spawned; dir: string; formula: string }> {
  const dir = tempDir();
  const formula = await writeSmallCircuitFormula(dir);
  const trips = join(dir, 'trips.csv');
  const owners = join(dir, 'trips.owners.csv');
  const generate = { users: 5, days: 15, seed: 4, start: '2026-10-10' };
  await writeTripsFile(generateTrips(generate), trips);
  await writeOwnersFile(generateOwners(generate), owners);
  const redisDir = mkdtempSync(join(tmpdir(), 'stones-redis-data-'));
  cleanups.push(async () => rmSync(redisDir, { recursive: true, force: true }));
  let server: LocalRedisServer = await startLocalRedisServer({ dir: redisDir, appendOnly });
  cleanups.push(() => server.stop());
  const prefix = uniquePrefix();
  // The coordinator creates the witness key on first use; the worker, started first, reads it when a job comes.
  const connection = ['--redis', server.url, '--prefix', prefix, '--witness-key', join(dir, 'witness.key')];
  const worker = spawnCli(['worker', '--lock-duration', '2000', ...connection]);
  cleanups.push(() => stopSpawned(worker));
  await worker.waitFor(/worker: ready/);
  const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
  const run = spawnCli(
    [
      'run',
      '--input',
      trips,
      owners,
      '--formula',
      formula,
      '--artifacts',
      SMALL_CIRCUIT_ARTIFACTS,
      '--db',
      join(dir, 'stones.duckdb'),
      '--out',
      join(dir, 'out'),
      ...connection,
    ],
    env,
  );
  cleanups.push(() => stopSpawned(run));
  await worker.waitFor(/^proving: batch \d of run/m, 90_000);
  await server.stop();
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // down longer than a lock
  server = await startLocalRedisServer({ port: server.port, dir: redisDir, appendOnly });
  return { run, worker, dir, formula };
}

async function expectCompleted(run: Spawned, formula: string): Promise<void> {
  const [code] = await run.exited;
  expect(code, run.output()).toBe(0);
  expect(run.output()).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
  const bundle = join(/written: (\S+)/.exec(run.output())?.[1] as string, 'bundle');
  const verified = runCli([
    'verify',
    bundle,
    '--formula',
    formula,
    '--verification-key',
    join(SMALL_CIRCUIT_ARTIFACTS, 'verification_key.json'),
    '--allow-demo-beacon',
  ]);
  expect(verified.status, verified.stdout).toBe(0);
}

describe('Redis stopped and started again while a run is in flight', () => {
  it('with its append-only file: the run resumes and completes', async () => {
    const { run, formula } = await restartCase(true);
    await expectCompleted(run, formula);
    expect(run.output()).not.toMatch(/gone from Redis/);
  }, 180_000);

  it('without persistence (Redis comes back empty): the coordinator adds the unproved batches again and the run completes', async () => {
    const { run, formula } = await restartCase(false);
    await expectCompleted(run, formula);
    expect(run.output()).toMatch(/^flow: run \S+ was gone from Redis before it was finalized; [1-3] unproved batches added again$/m);
  }, 180_000);
});
