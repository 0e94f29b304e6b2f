import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { NIGHTLY_JOB_NAME, QUEUE_NAMES } from '../../../jobs/index.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../../../pipeline/generate/index.js';

/** The enrolment file writeGenerated puts next to a trips file. */
function ownersOf(trips: string): string {
  return trips.replace(/\.csv$/, '.owners.csv');
}

/** A generated trips file and its enrolment file next to it (NAME.owners.csv). */
async function writeGenerated(options: { users: number; days: number; seed: number; start: string }, path: string): Promise<void> {
  await writeTripsFile(generateTrips(options), path);
  await writeOwnersFile(generateOwners(options), path.replace(/\.csv$/, '.owners.csv'));
}
import { runCli } from '../../support/cli.js';
import { useTestRedis } from '../../support/redis-server.js';
import { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';
import { spawnCli, stopSpawned } from '../../support/spawn-cli.js';
import { useTempDir } from '../../support/temp-dir.js';

// `stones worker --coordinator` takes the nightly jobs of `stones schedule` (here every 2 seconds,
// not every night) and runs the files that arrived since the last run, with the small circuit.

const redis = useTestRedis();
const tempDir = useTempDir('stones-coordinator-');

/** `stones worker --coordinator` over `dir` (database, out folder) with the small circuit, on the test Redis. */
function coordinatorArgs(dir: string, formula: string, ...extra: string[]): string[] {
  return [
    'worker',
    '--coordinator',
    '--db',
    join(dir, 'stones.duckdb'),
    '--formula',
    formula,
    '--out',
    join(dir, 'out'),
    '--witness-key',
    join(dir, 'witness.key'),
    '--artifacts',
    SMALL_CIRCUIT_ARTIFACTS,
    '--redis',
    redis().url,
    '--prefix',
    redis().prefix,
    ...extra,
  ];
}

describe('stones worker --coordinator (real Redis)', () => {
  it('runs each scheduled job on the files that arrived since the last one, in their period, and does nothing when nothing arrived', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir, { withoutDrand: true });
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    await writeGenerated({ users: 3, days: 12, seed: 7, start: '2026-10-05' }, join(inbox, 'october.csv'));
    const db = join(dir, 'stones.duckdb');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
    const connection = ['--redis', redis().url, '--prefix', redis().prefix];

    const scheduled = runCli(['schedule', 'add', '--cron', '*/2 * * * * *', '--tz', 'UTC', '--input', inbox, ...connection], { env });
    expect(scheduled.status, scheduled.stderr).toBe(0);
    const coordinator = spawnCli(coordinatorArgs(dir, formula, '--beacon-command', 'echo 0xbeac0'), env);
    try {
      await coordinator.waitFor(/^worker: ready, concurrency 1, coordinator of /m, 30_000);
      await coordinator.waitFor(/^nightly: run (\S+): VERIFIED, handed off as awards-ready-\S+$/m, 120_000);
      const october = /^nightly: run (\S+): VERIFIED/m.exec(coordinator.output())?.[1] as string;
      expect(october).toMatch(/^2026-10-/);
      expect(coordinator.output()).not.toMatch(/DEMO BEACON/);
      // The next tick finds the same file loaded already: no run, nothing committed or spent.
      await coordinator.waitFor(/^nightly: job \S+: nothing new in /m, 30_000);

      await writeGenerated({ users: 3, days: 10, seed: 8, start: '2026-11-04' }, join(inbox, 'november.csv'));
      await coordinator.waitFor(/^nightly: run 2026-11-\S+: VERIFIED/m, 120_000);
      const november = /^nightly: run (2026-11-\S+): VERIFIED/m.exec(coordinator.output())?.[1] as string;

      const removed = runCli(['schedule', 'remove', ...connection], { env });
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

  it('a nightly job that remembers its period or its run takes it up from there; a job with a user error fails at once, not retried', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir, { withoutDrand: true });
    const trips = join(dir, 'trips.csv');
    await writeGenerated({ users: 3, days: 12, seed: 9, start: '2026-10-05' }, trips);
    const db = join(dir, 'stones.duckdb');
    const out = join(dir, 'out');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
    // A run committed and published, never proved: what a coordinator that died mid-proof leaves.
    const embedded = runCli(['run', '--input', trips, ownersOf(trips), '--formula', formula, '--db', db, '--out', out, '--no-prove'], { env });
    expect(embedded.status, embedded.stderr).toBe(0);
    const runId = /committed: run ([^\s,]+)/.exec(embedded.stdout)?.[1] as string;

    // The retry of such a job carries the run it committed (NightlyRunData.runId).
    const runs = new Queue(QUEUE_NAMES.runs, { connection: { url: redis().url }, prefix: redis().prefix });
    try {
      await runs.add(NIGHTLY_JOB_NAME, { inputs: [trips, ownersOf(trips)], timeZone: 'UTC', runId }, { jobId: 'retry-of-a-nightly-job', attempts: 3 });
      await runs.add(NIGHTLY_JOB_NAME, { inputs: [join(dir, 'missing.csv')], timeZone: 'UTC' }, { jobId: 'bad-input', attempts: 3, delay: 500 });
      // An attempt that loaded November's file and died before its commit: the retry runs that period.
      const november = join(dir, 'november.csv');
      await writeGenerated({ users: 3, days: 10, seed: 11, start: '2026-11-04' }, november);
      expect(runCli(['ingest', '--input', november, ownersOf(november), '--db', db], { env }).status).toBe(0);
      await runs.add(
        NIGHTLY_JOB_NAME,
        { inputs: [november, ownersOf(november)], timeZone: 'UTC', periodId: '2026-11' },
        { jobId: 'loaded-not-committed', attempts: 3, delay: 1_000 },
      );
      const coordinator = spawnCli(coordinatorArgs(dir, formula), env);
      try {
        await coordinator.waitFor(new RegExp(`^nightly: job retry-of-a-nightly-job attempt 1: resuming run ${runId}$`, 'm'), 30_000);
        await coordinator.waitFor(new RegExp(`^nightly: run ${runId}: VERIFIED, handed off as awards-ready-${runId}$`, 'm'), 120_000);
        await coordinator.waitFor(/^nightly: job bad-input failed \(attempt 1\): input_\w+: .*missing\.csv/m, 30_000);
        await coordinator.waitFor(/^nightly: job loaded-not-committed attempt 1: running period 2026-11 of the files an earlier attempt loaded$/m, 30_000);
        await coordinator.waitFor(/^nightly: run 2026-11-\S+: VERIFIED/m, 120_000);
        const bad = await runs.getJob('bad-input');
        expect(await bad?.getState()).toBe('failed');
        expect(bad?.attemptsMade).toBe(1);
        // The resumed run was not committed again: October's one run, and November's.
        await stopSpawned(coordinator);
        const history = runCli(['runs', '--db', db, '--run', runId], { env });
        expect(history.stdout).toMatch(/scheduler:retry-of-a-nightly-job/);
        const all = runCli(['runs', '--db', db, '--json'], { env });
        expect((JSON.parse(all.stdout) as { run_id: string }[]).map((r) => r.run_id.slice(0, 7)).sort()).toEqual(['2026-10', '2026-11']);
      } finally {
        await stopSpawned(coordinator);
      }
    } finally {
      await runs.close();
    }
  }, 240_000);

  it('a coordinator given SIGTERM mid-run hands its nightly job back; the next coordinator resumes the committed run', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir, { withoutDrand: true });
    const trips = join(dir, 'trips.csv');
    await writeGenerated({ users: 5, days: 12, seed: 10, start: '2026-10-05' }, trips);
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
    const args = coordinatorArgs(dir, formula);
    const runs = new Queue(QUEUE_NAMES.runs, { connection: { url: redis().url }, prefix: redis().prefix });
    const first = spawnCli(args, env);
    let second: ReturnType<typeof spawnCli> | undefined;
    try {
      await runs.add(NIGHTLY_JOB_NAME, { inputs: [trips, ownersOf(trips)], timeZone: 'UTC' }, { jobId: 'handed-back', attempts: 3 });
      await first.waitFor(/^nightly: job handed-back: new files committed as run (\S+)$/m, 60_000);
      const runId = /new files committed as run (\S+)$/m.exec(first.output())?.[1] as string;
      await stopSpawned(first);
      const [code] = await first.exited;
      expect(code, first.output()).toBe(0);
      expect(first.output()).toMatch(/^nightly: job handed-back handed back to the queue, for the next coordinator$/m);
      const job = await runs.getJob('handed-back');
      expect(job?.data).toMatchObject({ periodId: '2026-10', runId });
      expect(['waiting', 'active']).toContain(await job?.getState());

      second = spawnCli(args, env);
      await second.waitFor(new RegExp(`^nightly: job handed-back attempt 1: resuming run ${runId}$`, 'm'), 30_000);
      await second.waitFor(new RegExp(`^nightly: run ${runId}: VERIFIED, handed off as awards-ready-${runId}$`, 'm'), 120_000);
    } finally {
      await stopSpawned(first);
      if (second) await stopSpawned(second);
      await runs.close();
    }
  }, 240_000);

  it('a beacon that is not there yet fails the attempt, and the retry resumes the committed run', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir, { withoutDrand: true });
    const trips = join(dir, 'trips.csv');
    await writeGenerated({ users: 3, days: 12, seed: 12, start: '2026-10-05' }, trips);
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key'), REDIS_URL: '' };
    const marker = join(dir, 'asked-once');
    const runs = new Queue(QUEUE_NAMES.runs, { connection: { url: redis().url }, prefix: redis().prefix });
    const coordinator = spawnCli(
      coordinatorArgs(
        dir,
        formula,
        // No round yet the first time it is asked; there is one the second time.
        '--beacon-command',
        `if test -f ${marker}; then echo 0xbeac0; else touch ${marker}; echo "no round after the data root yet" >&2; exit 3; fi`,
      ),
      env,
    );
    try {
      await runs.add(
        NIGHTLY_JOB_NAME,
        { inputs: [trips, ownersOf(trips)], timeZone: 'UTC' },
        { jobId: 'beacon-late', attempts: 3, backoff: { type: 'fixed', delay: 500 } },
      );
      await coordinator.waitFor(
        /^nightly: job beacon-late failed \(attempt 1\): the beacon command .* exited with 3: no round after the data root yet$/m,
        60_000,
      );
      const runId = /^nightly: job beacon-late: new files committed as run (\S+)$/m.exec(coordinator.output())?.[1] as string;
      await coordinator.waitFor(new RegExp(`^nightly: job beacon-late attempt 2: resuming run ${runId}$`, 'm'), 30_000);
      await coordinator.waitFor(new RegExp(`^nightly: run ${runId}: VERIFIED`, 'm'), 120_000);
    } finally {
      await stopSpawned(coordinator);
      await runs.close();
    }
  }, 240_000);
});
