import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finalizeJobId, proveBatchJobId, QUEUE_NAMES, RunFlow, WitnessKey } from '../../../jobs/index.js';
import { Queue } from 'bullmq';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../../../pipeline/generate/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { spawnCli, type Spawned } from '../../support/spawn-cli.js';
import { useTestRedis } from '../../support/redis-server.js';
import { useTempDir } from '../../support/temp-dir.js';
import { writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';

// A run through Redis (`stones run --redis`, the coordinator) with `stones worker` child
// processes proving its batches, on the committed B = 2, n = 128 test artifacts: 5 owners, 3 batches.

const redis = useTestRedis();
const tempDir = useTempDir('stones-run-redis-');
const ARTIFACTS = join(REPO_ROOT, 'circuits/artifacts/batch-award-v3-b2-n128');

/** The test's witness key file: the coordinator creates it on first use, its workers read the same file. */
const witnessKeyFile = (): string => join(tempDir(), 'witness.key');

function startWorker(...extra: string[]): Spawned {
  return spawnCli(['worker', '--redis', redis().url, '--prefix', redis().prefix, ...extra], { STONES_WITNESS_KEY: witnessKeyFile() });
}

async function stopWorker(worker: Spawned): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  await worker.exited;
}

async function setup(): Promise<{ dir: string; formula: string; trips: string; env: NodeJS.ProcessEnv }> {
  const dir = tempDir();
  const formula = await writeSmallCircuitFormula(dir);
  const trips = join(dir, 'trips.csv');
  const generate = { users: 5, days: 15, seed: 4, start: '2026-10-10' };
  await writeTripsFile(generateTrips(generate), trips);
  await writeOwnersFile(generateOwners(generate), join(dir, 'trips.owners.csv'));
  return { dir, formula, trips, env: { STONES_PEPPER_FILE: join(dir, 'pepper.key'), STONES_WITNESS_KEY: witnessKeyFile(), REDIS_URL: '' } };
}

function runArgs(s: { dir: string; formula: string; trips: string }, name: string, db = name): string[] {
  return [
    'run',
    '--input',
    s.trips,
    s.trips.replace(/\.csv$/, '.owners.csv'),
    '--formula',
    s.formula,
    '--artifacts',
    ARTIFACTS,
    '--db',
    join(s.dir, `${db}.duckdb`),
    '--out',
    join(s.dir, name),
  ];
}

/** What must agree between two runs of the same data: roots, totals, every award. */
/** stones verify passes on a bundle of these runs (their beacon is the demo beacon, accepted for what it is); its summary. */
function expectVerified(bundle: string, formula: string): string {
  const verified = runCli(['verify', bundle, '--formula', formula, '--verification-key', join(ARTIFACTS, 'verification_key.json'), '--allow-demo-beacon']);
  expect(verified.status, verified.stdout).toBe(0);
  return verified.stdout;
}

function comparable(stdout: string): { dataRoot: string; manifest: Record<string, unknown>; receipts: unknown[] } {
  const dataRoot = /data root (0x[0-9a-f]+)/.exec(stdout)?.[1] as string;
  const runDir = /written: (\S+)/.exec(stdout)?.[1] as string;
  const manifest = JSON.parse(readFileSync(join(runDir, 'bundle', 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const { proofs: _proofs, created_at: _created, published_at: _published, ...rest } = manifest;
  const receipts = readFileSync(join(runDir, 'receipts.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
  return { dataRoot, manifest: rest, receipts };
}

describe('stones run --redis with stones worker (real Redis)', () => {
  // The period's salts are drawn at random once per database, so the comparison is on one
  // database: the run through Redis redoes every stage after the embedded one (into its own
  // out folder) and must come back with the same run, roots and awards.
  it('gives the same roots and awards as the embedded run, and stones verify passes on its bundle', async () => {
    const s = await setup();
    const embedded = runCli([...runArgs(s, 'embedded', 'shared'), '--no-prove'], { env: s.env });
    expect(embedded.status, embedded.stderr).toBe(0);

    const worker = startWorker();
    try {
      await worker.waitFor(/worker: ready/);
      const run = spawnCli([...runArgs(s, 'redis', 'shared'), '--redis', redis().url, '--prefix', redis().prefix], s.env);
      const [code] = await run.exited;
      expect(code, run.output()).toBe(0);
      expect(run.output()).toMatch(/^flow: run \S+, 3 prove-batch jobs under finalize-\S+/m);
      expect(run.output()).toMatch(/^proved: 3 batches with batch-award-v3-b2-n128 by stones workers/m);
      expect(run.output()).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
      expect(worker.output().match(/^proved: batch \d of run/gm)).toHaveLength(3);

      // Verified, so handed off to the award engine: the same hand-off the embedded run printed, one job.
      const handoffOf = (stdout: string): Record<string, { sha256: string } | string> =>
        // `awards-ready: <run folder>/handoff.json (...)`: the hand-off is a document of its own.
        JSON.parse(readFileSync(resolve(REPO_ROOT, /^awards-ready: (\S+handoff\.json) /m.exec(stdout)?.[1] ?? 'missing'), 'utf8')) as Record<
          string,
          { sha256: string } | string
        >;
      const printed = handoffOf(run.output());
      const embeddedHandoff = handoffOf(embedded.stdout);
      expect(printed.run_id).toBe(embeddedHandoff.run_id);
      expect(printed.period).toBe(embeddedHandoff.period);
      expect((printed.awards_arrow as { sha256: string }).sha256).toBe((embeddedHandoff.awards_arrow as { sha256: string }).sha256);
      expect(run.output()).toContain(`handed off: job awards-ready-${String(printed.run_id)} on queue awards-ready`);
      const awardsReady = new Queue(QUEUE_NAMES.awardsReady, { connection: { url: redis().url }, prefix: redis().prefix });
      try {
        const job = await awardsReady.getJob(`awards-ready-${String(printed.run_id)}`);
        expect(job?.data).toEqual(printed);
      } finally {
        await awardsReady.close();
      }

      const a = comparable(embedded.stdout);
      const b = comparable(run.output());
      expect(b.dataRoot).toBe(a.dataRoot);
      expect(b.manifest).toEqual(a.manifest);
      expect(b.receipts).toEqual(a.receipts);

      const bundle = join(/written: (\S+)/.exec(run.output())?.[1] as string, 'bundle');
      expect(expectVerified(bundle, s.formula)).toMatch(/^VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
    } finally {
      await stopWorker(worker);
    }
    const [code] = await worker.exited;
    expect(code).toBe(0);
  }, 120_000);

  it('adding the same run twice creates no second set of jobs', async () => {
    const flow = await RunFlow.connect({ url: redis().url, prefix: redis().prefix, witnessKey: WitnessKey.generate() });
    const runId = '2026-10-twice000001';
    const plan = {
      finalize: { runId, bundleDir: '/nowhere', artifactsDir: ARTIFACTS, batches: 3, batchIndices: [0, 1, 2], formulaSha256: '00' },
      batches: [0, 1, 2].map((batch) => ({ runId, batch, batches: 3, circuit: 'batch-award-v3-b2-n128', input: { x: String(batch) } })),
    };
    const queue = new Queue(QUEUE_NAMES.prove, { connection: { url: redis().url }, prefix: redis().prefix });
    try {
      const first = await flow.addRun(plan);
      const second = await flow.addRun(plan);
      expect(first.added).toBe(true);
      expect(second.added).toBe(false);
      expect(first.parentId).toBe(finalizeJobId(runId));
      expect(second.childIds).toEqual(first.childIds);
      expect(first.childIds).toEqual([0, 1, 2].map((batch) => proveBatchJobId(runId, batch)));
      const counts = await flow.counts();
      expect(counts.finalize['waiting-children']).toBe(1);
      const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
      expect(jobs.map((job) => job.id).sort()).toEqual(first.childIds);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      const finalize = new Queue(QUEUE_NAMES.finalize, { connection: { url: redis().url }, prefix: redis().prefix });
      await finalize.obliterate({ force: true });
      await finalize.close();
      await flow.close();
    }
  });

  it('a worker given SIGTERM mid-proof finishes that proof and exits 0; another worker completes the run', async () => {
    const s = await setup();
    const first = startWorker();
    let second: Spawned | undefined;
    try {
      await first.waitFor(/worker: ready/);
      const run = spawnCli([...runArgs(s, 'sigterm'), '--redis', redis().url, '--prefix', redis().prefix], s.env);
      await first.waitFor(/^proving: batch (\d) of run/m, 90_000);
      const batch = /^proving: batch (\d) of run/m.exec(first.output())?.[1];
      first.child.kill('SIGTERM');
      const [code, signal] = await first.exited;
      expect({ code, signal }, first.output()).toEqual({ code: 0, signal: null });
      // The job in hand was finished, not dropped.
      expect(first.output()).toMatch(new RegExp(`^proved: batch ${batch} of run`, 'm'));
      expect(first.output()).toMatch(/^worker: stopped$/m);

      second = startWorker();
      const [runCode] = await run.exited;
      expect(runCode, run.output()).toBe(0);
      expect(run.output()).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
      const proved = [...`${first.output()}${second.output()}`.matchAll(/^proved: batch (\d) of run/gm)].map((m) => m[1]).sort();
      expect(proved).toEqual(['0', '1', '2']);
    } finally {
      await stopWorker(first);
      if (second) await stopWorker(second);
    }
  }, 120_000);

  it('two workers share a run; one SIGKILLed mid-proof: its batch goes to the other, every batch is in the bundle once, verify passes', async () => {
    const s = await setup();
    // A short lock, so the dead worker's batch is taken back in seconds (the default is 30 s).
    const lock = ['--lock-duration', '2000'];
    const doomed = startWorker(...lock);
    const survivor = startWorker(...lock);
    try {
      await Promise.all([doomed.waitFor(/worker: ready/), survivor.waitFor(/worker: ready/)]);
      const run = spawnCli([...runArgs(s, 'sigkill'), '--redis', redis().url, '--prefix', redis().prefix], s.env);
      await doomed.waitFor(/^proving: batch (\d) of run/m, 90_000);
      doomed.child.kill('SIGKILL');
      const [, signal] = await doomed.exited;
      expect(signal).toBe('SIGKILL');
      const lost = /^proving: batch (\d) of run/m.exec(doomed.output())?.[1];
      expect(doomed.output()).not.toMatch(new RegExp(`^proved: batch ${lost} of run`, 'm'));

      const [code] = await run.exited;
      expect(code, run.output()).toBe(0);
      expect(run.output()).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
      // The killed worker's batch was proved by the survivor after its lock ran out.
      expect(survivor.output()).toMatch(new RegExp(`^proved: batch ${lost} of run`, 'm'));
      const bundle = join(/written: (\S+)/.exec(run.output())?.[1] as string, 'bundle');
      expect(readdirSync(join(bundle, 'proofs')).sort()).toEqual(['batch-000000.json', 'batch-000001.json', 'batch-000002.json']);
      const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as { proofs: { batches: number } };
      expect(manifest.proofs.batches).toBe(3);
      expectVerified(bundle, s.formula);
    } finally {
      await stopWorker(doomed);
      await stopWorker(survivor);
    }
  }, 150_000);

  it('a coordinator killed mid-run: stones run --resume RUN --redis follows the flow still in Redis and no batch is proved twice', async () => {
    const s = await setup();
    const worker = startWorker();
    try {
      await worker.waitFor(/worker: ready/);
      const args = runArgs(s, 'resumed');
      const first = spawnCli([...args, '--redis', redis().url, '--prefix', redis().prefix], s.env);
      await first.waitFor(/^flow: run (\S+), 3 prove-batch jobs/m, 90_000);
      const runId = /^flow: run (\S+), 3 prove-batch jobs/m.exec(first.output())?.[1] as string;
      await worker.waitFor(/^proved: batch \d of run/m, 90_000);
      first.child.kill('SIGKILL');
      await first.exited;

      const resumed = spawnCli([...args, '--resume', runId, '--redis', redis().url, '--prefix', redis().prefix], s.env);
      const [code] = await resumed.exited;
      expect(code, resumed.output()).toBe(0);
      expect(resumed.output()).toMatch(new RegExp(`^resumed: run ${runId}, period 2026-10 \\(UTC\\), was published; attempt 2$`, 'm'));
      expect(resumed.output()).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
      expect(resumed.output()).toMatch(/^handed off: job awards-ready-/m);
      // Every batch was proved once, by the flow the killed coordinator had added.
      const proved = [...worker.output().matchAll(/^proved: batch (\d) of run/gm)].map((m) => m[1]).sort();
      expect(proved).toEqual(['0', '1', '2']);
      const history = runCli(['runs', '--db', args[args.indexOf('--db') + 1] as string, '--run', runId], { env: s.env });
      expect(history.status, history.stderr).toBe(0);
      expect(history.stdout).toMatch(/cli:run --resume --redis/);
    } finally {
      await stopWorker(worker);
    }
  }, 180_000);

  it('a batch that keeps failing fails its run with the stage and the reason; resumed with a working worker, the run completes', async () => {
    const s = await setup();
    const args = runArgs(s, 'failing');
    // A worker without the circuit's artifacts: every attempt of every batch fails.
    const broken = startWorker('--artifacts-root', join(s.dir, 'no-artifacts-here'));
    let fixed: Spawned | undefined;
    try {
      await broken.waitFor(/worker: ready/);
      const first = runCli([...args, '--redis', redis().url, '--prefix', redis().prefix], { env: s.env });
      expect(first.status, first.stdout).toBe(1);
      const line = first.stderr.trim();
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toMatch(/^stones: job_failed: batch \d of run (\S+) failed after 3 attempts: .*no-artifacts-here/);
      const runId = /of run (\S+) failed/.exec(line)?.[1] as string;
      // (spawnSync held this event loop: the worker's output is read now.)
      await broken.waitFor(/^failed: batch \d of run \S+ \(attempt 3\)/m, 10_000);
      await stopWorker(broken);

      const db = args[args.indexOf('--db') + 1] as string;
      const history = runCli(['runs', '--db', db], { env: s.env });
      expect(history.stdout).toMatch(new RegExp(`^${runId} .* failed in prove: batch \\d of run ${runId} failed after 3 attempts`, 'm'));

      fixed = startWorker();
      await fixed.waitFor(/worker: ready/);
      const resumed = runCli([...args, '--resume', runId, '--redis', redis().url, '--prefix', redis().prefix], { env: s.env });
      expect(resumed.status, resumed.stdout + resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/was failed in prove: batch/);
      expect(resumed.stdout).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
      const after = runCli(['runs', '--db', db, '--status', 'published'], { env: s.env });
      expect(after.stdout).toContain(runId);
    } finally {
      await stopWorker(broken);
      if (fixed) await stopWorker(fixed);
    }
  }, 180_000);
});
