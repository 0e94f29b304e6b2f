import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../../jobs/index.js';
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
});
