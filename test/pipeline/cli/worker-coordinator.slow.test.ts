import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { NIGHTLY_JOB_NAME, QUEUE_NAMES } from '../../../jobs/index.js';
import { generateTrips, writeTripsFile } from '../../../pipeline/generate/index.js';
import { runCli } from '../../support/cli.js';
import { useTestRedis } from '../../support/redis-server.js';
import { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';
import { spawnCli, stopSpawned } from '../../support/spawn-cli.js';
import { useTempDir } from '../../support/temp-dir.js';

// `stones worker --coordinator` takes the nightly jobs of `stones schedule` (here every 2 seconds,
// not every night) and runs the files that arrived since the last run, with the small circuit.

const redis = useTestRedis();
const tempDir = useTempDir('stones-coordinator-');

describe('stones worker --coordinator (real Redis)', () => {
  it('runs each scheduled job on the files that arrived since the last one, in their period, and does nothing when nothing arrived', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir);
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    await writeTripsFile(generateTrips({ users: 3, days: 12, seed: 7, start: '2026-10-05' }), join(inbox, 'october.csv'));
    const db = join(dir, 'stones.duckdb');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
    const connection = ['--redis', redis().url, '--prefix', redis().prefix];

    const scheduled = runCli(['schedule', '--cron', '*/2 * * * * *', '--tz', 'UTC', '--input', inbox, ...connection], { env });
    expect(scheduled.status, scheduled.stderr).toBe(0);
    const coordinator = spawnCli(
      ['worker', '--coordinator', '--db', db, '--formula', formula, '--out', join(dir, 'out'), '--artifacts', SMALL_CIRCUIT_ARTIFACTS, ...connection],
      env,
    );
    try {
      await coordinator.waitFor(/^worker: ready, concurrency 1, coordinator of /m, 30_000);
      await coordinator.waitFor(/^nightly: run (\S+): VERIFIED, handed off as awards-ready-\S+$/m, 120_000);
      const october = /^nightly: run (\S+): VERIFIED/m.exec(coordinator.output())?.[1] as string;
      expect(october).toMatch(/^2026-10-/);
      // The next tick finds the same file loaded already: no run, nothing committed or spent.
      await coordinator.waitFor(/^nightly: job \S+: nothing new in /m, 30_000);

      await writeTripsFile(generateTrips({ users: 3, days: 10, seed: 8, start: '2026-11-04' }), join(inbox, 'november.csv'));
      await coordinator.waitFor(/^nightly: run 2026-11-\S+: VERIFIED/m, 120_000);
      const november = /^nightly: run (2026-11-\S+): VERIFIED/m.exec(coordinator.output())?.[1] as string;

      const removed = runCli(['schedule', '--remove', ...connection], { env });
      expect(removed.status, removed.stderr).toBe(0);
      await stopSpawned(coordinator);
      const [code] = await coordinator.exited;
      expect(code, coordinator.output()).toBe(0);

      // Both runs are in the history, started by the scheduler's jobs, and both were handed off.
      const runs = runCli(['runs', '--db', db], { env });
      expect(runs.status, runs.stderr).toBe(0);
      for (const runId of [october, november]) expect(runs.stdout).toMatch(new RegExp(`^${runId}  \\S+ UTC  published .* by scheduler:`, 'm'));
      const awardsReady = new Queue(QUEUE_NAMES.awardsReady, { connection: { url: redis().url }, prefix: redis().prefix });
      try {
        for (const runId of [october, november]) expect((await awardsReady.getJob(`awards-ready-${runId}`))?.data).toMatchObject({ run_id: runId });
      } finally {
        await awardsReady.close();
      }
    } finally {
      await stopSpawned(coordinator);
    }
  }, 300_000);

  it('a nightly job that remembers its run resumes it; a job with a user error fails at once, not retried', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir);
    const trips = join(dir, 'trips.csv');
    await writeTripsFile(generateTrips({ users: 3, days: 12, seed: 9, start: '2026-10-05' }), trips);
    const db = join(dir, 'stones.duckdb');
    const out = join(dir, 'out');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
    // A run committed and published, never proved: what a coordinator that died mid-proof leaves.
    const embedded = runCli(['run', '--input', trips, '--formula', formula, '--db', db, '--out', out, '--no-prove'], { env });
    expect(embedded.status, embedded.stderr).toBe(0);
    const runId = /committed: run ([^\s,]+)/.exec(embedded.stdout)?.[1] as string;

    // The retry of such a job carries the run it committed (NightlyRunData.runId).
    const runs = new Queue(QUEUE_NAMES.runs, { connection: { url: redis().url }, prefix: redis().prefix });
    try {
      await runs.add(NIGHTLY_JOB_NAME, { inputs: [trips], timeZone: 'UTC', runId }, { jobId: 'retry-of-a-nightly-job', attempts: 3 });
      await runs.add(NIGHTLY_JOB_NAME, { inputs: [join(dir, 'missing.csv')], timeZone: 'UTC' }, { jobId: 'bad-input', attempts: 3, delay: 500 });
      const coordinator = spawnCli(
        ['worker', '--coordinator', '--db', db, '--formula', formula, '--out', out, '--artifacts', SMALL_CIRCUIT_ARTIFACTS, '--redis', redis().url, '--prefix', redis().prefix],
        env,
      );
      try {
        await coordinator.waitFor(new RegExp(`^nightly: job retry-of-a-nightly-job attempt 1: resuming run ${runId}$`, 'm'), 30_000);
        await coordinator.waitFor(new RegExp(`^nightly: run ${runId}: VERIFIED, handed off as awards-ready-${runId}$`, 'm'), 120_000);
        await coordinator.waitFor(/^nightly: job bad-input failed \(attempt 1\): input_\w+: .*missing\.csv/m, 30_000);
        const bad = await runs.getJob('bad-input');
        expect(await bad?.getState()).toBe('failed');
        expect(bad?.attemptsMade).toBe(1);
        // The resumed run was not committed again: one run in the history, now proved and verified.
        await stopSpawned(coordinator);
        const history = runCli(['runs', '--db', db, '--run', runId], { env });
        expect(history.stdout).toMatch(/scheduler:retry-of-a-nightly-job/);
        const all = runCli(['runs', '--db', db, '--json'], { env });
        expect((JSON.parse(all.stdout) as unknown[]).length).toBe(1);
      } finally {
        await stopSpawned(coordinator);
      }
    } finally {
      await runs.close();
    }
  }, 240_000);
});
