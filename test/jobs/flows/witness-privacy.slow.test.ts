import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { proveBatchJobId, QUEUE_NAMES, type ProveBatchData } from '../../../jobs/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../../../pipeline/generate/index.js';
import { FEATURE_NAMES } from '../../../pipeline/scoring/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { findNeedles, readEveryKey, type Needle, type RedisEntry } from '../../support/redis-scan.js';
import { useTestRedis } from '../../support/redis-server.js';
import { spawnCli, stopSpawned, type Spawned } from '../../support/spawn-cli.js';
import { writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';
import { useTempDir } from '../../support/temp-dir.js';

// Nothing secret through Redis: after a run through Redis (`stones run --redis` and `stones
// worker` child processes, the small B = 2, n = 128 circuit, 5 owners, 3 batches), while it
// waits for workers, after it succeeded and after it failed, every key of the Redis and every
// value in it (strings, hashes, lists, sets, sorted sets, streams: job data, return values,
// failure reasons, stack traces, event streams) is read and searched for each private value
// of the run, read back from its database: salts, features, user ids, the pepper, and the
// witness key itself.

const redis = useTestRedis();
const tempDir = useTempDir('stones-witness-privacy-');
const ARTIFACTS = join(REPO_ROOT, 'circuits/artifacts/batch-award-v3-b2-n128');

interface Setup {
  dir: string;
  db: string;
  keyFile: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

async function setup(): Promise<Setup> {
  const dir = tempDir();
  const formula = await writeSmallCircuitFormula(dir);
  const trips = join(dir, 'trips.csv');
  const generate = { users: 5, days: 15, seed: 4, start: '2026-10-10' };
  await writeTripsFile(generateTrips(generate), trips);
  await writeOwnersFile(generateOwners(generate), join(dir, 'trips.owners.csv'));
  const db = join(dir, 'stones.duckdb');
  const keyFile = join(dir, 'witness.key');
  const args = [
    'run',
    '--input',
    trips,
    join(dir, 'trips.owners.csv'),
    '--formula',
    formula,
    '--artifacts',
    ARTIFACTS,
    '--db',
    db,
    '--out',
    join(dir, 'out'),
    '--redis',
    redis().url,
    '--prefix',
    redis().prefix,
  ];
  return { dir, db, keyFile, args, env: { STONES_PEPPER_FILE: join(dir, 'pepper.key'), STONES_WITNESS_KEY: keyFile, REDIS_URL: '' } };
}

function startWorker(...extra: string[]): Spawned {
  return spawnCli(['worker', '--redis', redis().url, '--prefix', redis().prefix, ...extra]);
}

/**
 * Every private value of the database's runs, in each form it takes in a witness input or in
 * the database. Salts and the pepper are ~254-bit numbers, looked for in decimal (as in the
 * witness input) and in hex (as stored). Features are small numbers that occur anywhere by
 * chance (a timestamp, a job id), so each owner's seven features are looked for as the exact
 * JSON array a witness input holds (`["15","48",...]`) and as bare numbers (`[15,48,...]`);
 * the input's own field names (`"salt"`, `"features"`, `"user_tag"`) catch any witness in
 * clear whatever its values. User ids (`u0000001`) are 8 characters that only owner data holds.
 */
async function privateNeedles(s: Setup): Promise<Needle[]> {
  const needles: Needle[] = [
    { name: 'witness field "salt"', value: '"salt"' },
    { name: 'witness field "features"', value: '"features"' },
    { name: 'witness field "user_tag"', value: '"user_tag"' },
  ];
  const database = await openDatabase(s.db);
  try {
    const read = async (sql: string): Promise<unknown[][]> => (await database.connection.runAndReadAll(sql)).getRows();
    for (const [userId, salt] of await read('SELECT user_id, salt FROM salts')) {
      const hex = String(salt).replace(/^0x/, '');
      needles.push(
        { name: `salt of ${String(userId)} (hex)`, value: hex },
        { name: `salt of ${String(userId)} (decimal)`, value: BigInt(`0x${hex}`).toString() },
      );
    }
    for (const [userId] of await read('SELECT user_id FROM owners UNION SELECT user_id FROM trips'))
      needles.push({ name: `user id ${String(userId)}`, value: String(userId) });
    for (const [userId, ...features] of await read(`SELECT user_id, ${FEATURE_NAMES.join(', ')} FROM run_users`)) {
      const values = features.map((value) => String(value));
      needles.push(
        { name: `features of ${String(userId)} (witness JSON)`, value: JSON.stringify(values) },
        { name: `features of ${String(userId)} (numbers)`, value: `[${values.join(',')}]` },
      );
    }
  } finally {
    database.close();
  }
  const pepper = readFileSync(s.env.STONES_PEPPER_FILE as string, 'utf8')
    .trim()
    .replace(/^0x/, '');
  needles.push({ name: 'pepper (hex)', value: pepper }, { name: 'pepper (decimal)', value: BigInt(`0x${pepper}`).toString() });
  const key = readFileSync(s.keyFile, 'utf8').trim();
  needles.push({ name: 'witness key (hex)', value: key }, { name: 'witness key (base64)', value: Buffer.from(key, 'hex').toString('base64') });
  // 5 owners with trips, each with a salt and features (the generator may add owners without trips).
  expect(needles.filter(({ name }) => name.startsWith('salt of')).length).toBeGreaterThanOrEqual(10);
  expect(needles.filter(({ name }) => name.startsWith('features of')).length).toBeGreaterThanOrEqual(10);
  // Short needles would match by chance; none is shorter than a user id.
  for (const needle of needles) expect(needle.value.length, needle.name).toBeGreaterThanOrEqual(6);
  return needles;
}

/** Scans the whole Redis (or checks a scan made earlier) and expects none of the needles; returns what it read. */
async function expectNothingPrivate(needles: Needle[], scanned?: RedisEntry[]): Promise<RedisEntry[]> {
  const entries = scanned ?? (await readEveryKey(redis().url));
  expect(entries.length).toBeGreaterThan(0);
  expect(findNeedles(entries, needles)).toEqual([]);
  return entries;
}

/** The scan is only worth something if it sees a needle in every kind of value: it does, in each type of key. */
async function expectScanSees(needle: Needle): Promise<void> {
  const client = new Redis(redis().url);
  const key = (type: string): string => `${redis().prefix}:canary:${type}`;
  try {
    await client.set(key('string'), `x${needle.value}x`);
    await client.hset(key('hash'), 'f', `{"a":"${needle.value}"}`);
    await client.rpush(key('list'), 'a', needle.value);
    await client.sadd(key('set'), needle.value);
    await client.zadd(key('zset'), 1, needle.value);
    await client.xadd(key('stream'), '*', 'event', 'x', 'data', needle.value);
    const found = findNeedles(await readEveryKey(redis().url), [needle]);
    for (const type of ['string', 'hash', 'list', 'set', 'zset', 'stream']) expect(found).toContain(`${needle.name} in ${key(type)} (${type})`);
  } finally {
    await client.del(...['string', 'hash', 'list', 'set', 'zset', 'stream'].map(key));
    client.disconnect();
  }
}

/** The data of the run's prove jobs still in Redis, by batch. */
async function proveJobsOf(runId: string, batches: number): Promise<Map<number, { data: ProveBatchData; state: string; failedReason: string }>> {
  const queue = new Queue<ProveBatchData>(QUEUE_NAMES.prove, { connection: { url: redis().url }, prefix: redis().prefix });
  try {
    const jobs = new Map<number, { data: ProveBatchData; state: string; failedReason: string }>();
    for (let batch = 0; batch < batches; batch++) {
      const job = await queue.getJob(proveBatchJobId(runId, batch));
      if (job) jobs.set(batch, { data: job.data, state: await job.getState(), failedReason: job.failedReason });
    }
    return jobs;
  } finally {
    await queue.close();
  }
}

describe('nothing secret through Redis (real Redis, real run)', () => {
  it('while a run waits for workers its jobs hold sealed witnesses only; once it is proved, nothing private is left in Redis', async () => {
    const s = await setup();
    const run = spawnCli(s.args, s.env);
    let worker: Spawned | undefined;
    try {
      // No worker yet: the flow waits in Redis with every batch's witness in it.
      await run.waitFor(/^flow: run (\S+), 3 prove-batch jobs/m, 120_000);
      expect(run.output()).toMatch(/^witness key: created \S+witness\.key \(mode 0600, id [0-9a-f]{16}\); copy it to every stones worker/m);
      const runId = /^flow: run (\S+), 3 prove-batch jobs/m.exec(run.output())?.[1] as string;
      // The coordinator holds the database now: the private values are read from it once it is done.
      const inFlight = await readEveryKey(redis().url);
      const waiting = await proveJobsOf(runId, 3);
      expect([...waiting.keys()]).toEqual([0, 1, 2]);
      for (const [batch, { data }] of waiting) {
        expect(Object.keys(data).sort()).toEqual(['batch', 'batches', 'circuit', 'runId', 'sealedInput']);
        expect(data).toMatchObject({ runId, batch, batches: 3, circuit: 'batch-award-v3-b2-n128' });
        expect(Object.keys(data.sealedInput ?? {}).sort()).toEqual(['alg', 'ciphertext', 'iv', 'keyId', 'tag']);
      }

      worker = startWorker('--witness-key', s.keyFile);
      const [code] = await run.exited;
      expect(code, run.output()).toBe(0);
      expect(run.output()).toMatch(/^verify: VERIFIED: \d+ checks passed.*, 3 of 3 proofs valid/m);
      expect(worker.output()).toMatch(/^worker: ready, concurrency 1, witness key [0-9a-f]{16} /m);

      const needles = await privateNeedles(s);
      await expectNothingPrivate(needles, inFlight);
      const entries = await expectNothingPrivate(needles);
      // What was scanned is where the run went: its events (with the proofs the workers
      // returned) and its hand-off to the award engine are there; its prove jobs are gone.
      const proveEvents = entries.find(({ key }) => key === `${redis().prefix}:prove:events`);
      expect(proveEvents?.text).toContain('completed');
      expect(proveEvents?.text).toContain('pi_a');
      expect(entries.some(({ key }) => key === `${redis().prefix}:awards-ready:awards-ready-${runId}`)).toBe(true);
      expect((await proveJobsOf(runId, 3)).size).toBe(0);
      await expectScanSees(needles.find(({ name }) => name.startsWith('salt of') && name.endsWith('(decimal)')) as Needle);
      await expectScanSees(needles.find(({ name }) => name.startsWith('features of') && name.endsWith('(witness JSON)')) as Needle);
    } finally {
      await stopSpawned(run);
      if (worker) await stopSpawned(worker);
    }
  }, 240_000);

  it('after a run whose batches kept failing, the failed jobs keep their reason and no witness; nothing private is in Redis', async () => {
    const s = await setup();
    // A worker without the circuit's artifacts: every attempt of every batch fails (3 attempts each).
    const broken = startWorker('--witness-key', s.keyFile, '--artifacts-root', join(s.dir, 'no-artifacts-here'));
    try {
      await broken.waitFor(/worker: ready/);
      const first = runCli(s.args, { env: s.env });
      expect(first.status, first.stdout).toBe(1);
      expect(first.stderr.trim()).toMatch(/^stones: job_failed: batch \d of run (\S+) failed after 3 attempts: .*no-artifacts-here/);
      const runId = /of run (\S+) failed/.exec(first.stderr)?.[1] as string;
      await broken.waitFor(/^failed: batch \d of run \S+ \(attempt 3\)/m, 30_000);
      await stopSpawned(broken);

      await expectNothingPrivate(await privateNeedles(s));
      const failed = [...(await proveJobsOf(runId, 3)).values()].filter(({ state }) => state === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const job of failed) {
        expect(Object.keys(job.data).sort()).toEqual(['batch', 'batches', 'circuit', 'runId']);
        expect(job.failedReason).toMatch(/no-artifacts-here/);
      }
    } finally {
      await stopSpawned(broken);
    }
  }, 240_000);

  it('a worker without the key, or with another key, fails the batch at once with one line saying so; the run reports it; with the key the resume completes', async () => {
    const s = await setup();
    const absent = join(s.dir, 'absent.key');
    const keyless = startWorker('--witness-key', absent);
    let wrong: Spawned | undefined;
    let right: Spawned | undefined;
    try {
      await keyless.waitFor(/worker: ready/);
      expect(keyless.output()).toContain(`no witness key at ${absent} yet: its jobs fail until the coordinator's key file is there`);
      const first = runCli(s.args, { env: s.env });
      expect(first.status, first.stdout).toBe(1);
      const line = first.stderr.trim();
      expect(line.split('\n')).toHaveLength(1);
      // Not retried: a worker without the key would fail the same way twice more.
      expect(line).toMatch(
        new RegExp(
          `^stones: job_failed: batch (\\d) of run (\\S+) failed after 1 attempt: witness_key_missing: cannot decrypt the witness of batch \\1 of run \\2: no witness key file at ${absent} `,
        ),
      );
      const runId = /of run (\S+) failed/.exec(line)?.[1] as string;
      await keyless.waitFor(
        new RegExp(
          `^failed: batch \\d of run ${runId} \\(attempt 1\\): witness_key_missing: cannot decrypt the witness of batch \\d of run ${runId}: no witness key file at `,
          'm',
        ),
        30_000,
      );
      await stopSpawned(keyless);

      const otherKey = join(s.dir, 'other.key');
      writeFileSync(otherKey, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
      wrong = startWorker('--witness-key', otherKey);
      await wrong.waitFor(/worker: ready/);
      const resumed = runCli([...s.args, '--resume', runId], { env: s.env });
      expect(resumed.status, resumed.stdout).toBe(1);
      expect(resumed.stderr.trim().split('\n')).toHaveLength(1);
      expect(resumed.stderr.trim()).toMatch(
        new RegExp(
          `^stones: job_failed: batch (\\d) of run ${runId} failed after 1 attempt: witness_key_mismatch: cannot decrypt the witness of batch \\1 of run ${runId}: this worker's key \\(id [0-9a-f]{16}, ${otherKey}\\) is not the coordinator's \\(id [0-9a-f]{16}\\)$`,
        ),
      );
      await wrong.waitFor(/^failed: batch \d of run \S+ \(attempt 1\): witness_key_mismatch: /m, 30_000);
      await stopSpawned(wrong);
      await expectNothingPrivate(await privateNeedles(s));

      right = startWorker('--witness-key', s.keyFile);
      const completed = runCli([...s.args, '--resume', runId], { env: s.env });
      expect(completed.status, completed.stdout + completed.stderr).toBe(0);
      expect(completed.stdout).toMatch(/^verify: VERIFIED: \d+ checks passed.*, 3 of 3 proofs valid/m);
    } finally {
      await stopSpawned(keyless);
      if (wrong) await stopSpawned(wrong);
      if (right) await stopSpawned(right);
    }
  }, 300_000);
});
