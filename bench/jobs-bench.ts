import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
// bench/ is outside pipeline/: like the CLI, it may wire the pipeline to the job layer.
import { isValidQueuePrefix, ProveBatchWorker, WitnessKey } from '../jobs/index.js';
import { runThroughRedis } from '../cli/run-through-redis.js';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../pipeline/db/index.js';
import { UsageError } from '../pipeline/errors/index.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../pipeline/generate/index.js';
import { releaseSnarkjsCurve } from '../pipeline/proving/ceremony/index.js';
import { instanceName } from '../pipeline/proving/prove/index.js';
import { awardsHandoffOf } from '../pipeline/publishing/index.js';
import { releasedRun, runPipeline, type RunPipelineOptions, type ReleasedRun } from '../pipeline/run/index.js';
import { loadFormula, type LoadedFormula } from '../pipeline/scoring/index.js';
import type { JobsBenchMode, JobsBenchResult, JobsBenchRun } from './jobs-bench-figures.js';
import { deleteRedisKeys, startLocalRedisServer, type LocalRedisServer } from '../test/support/local-redis-server.js';
import { SMALL_CIRCUIT_ARTIFACTS, writeSmallCircuitFormula } from '../test/support/small-circuit-formula.js';

export { formatJobsBench, jobsBenchFigures, type JobsBenchResult } from './jobs-bench-figures.js';

export interface JobsBenchOptions {
  /** Users generated (default 12: 6 batches of the small circuit, when all of them drive in the month). */
  users?: number;
  /** Rounds of the three timed runs (default 2); medians are reported. */
  repeats?: number;
  /** Redis to use; default REDIS_URL, else a redis-server started (and stopped) here. */
  redisUrl?: string;
  /** Base of the queue prefixes (each timed run gets `<prefix>-r<round>-<mode>`); default a unique one. */
  prefix?: string;
  log?: (line: string) => void;
}

const JOBS_BENCH_DEFAULT_USERS = 12;
const JOBS_BENCH_DEFAULT_REPEATS = 2;

/** A fixed pepper: the bench needs no STONES_PEPPER and leaves no pepper file behind. */
const PEPPER = BigInt(`0x70b5${'c3'.repeat(29)}`);
const PERIOD = '2026-10';
const MODES: readonly JobsBenchMode[] = ['embedded', 'oneWorker', 'twoWorkers'];
const WORKERS: Record<Exclude<JobsBenchMode, 'embedded'>, number> = { oneWorker: 1, twoWorkers: 2 };

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${name} must be a positive whole number, got ${value}`);
}

/** What two runs of the same input on copies of the same database must agree on. */
interface Comparable {
  runId: string;
  dataRoot: string;
  totalNoisy: string;
  awardRoot: string;
  awardsSha256: string;
  batches: number;
}

async function comparableOf(result: ReleasedRun): Promise<Comparable> {
  const handoff = await awardsHandoffOf(result.publish.runDir);
  return {
    runId: result.commit.runId,
    dataRoot: `0x${result.commit.dataRoot.toString(16).padStart(64, '0')}`,
    totalNoisy: result.score.totalNoisy.toString(),
    awardRoot: result.score.awardRoot.toString(),
    awardsSha256: handoff.awards_arrow.sha256,
    batches: result.commit.batches,
  };
}

function sameAs(reference: Comparable, got: Comparable, what: string): void {
  for (const key of Object.keys(reference) as (keyof Comparable)[]) {
    if (reference[key] !== got[key]) {
      throw new Error(`stones bench jobs: the ${what} disagrees with the warm-up run on ${key}: ${String(got[key])} against ${String(reference[key])}`);
    }
  }
}

/** CPU time of this whole process (every thread: prover threads, hashers, snarkjs) since `start`. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** A timed run must have proved every batch itself, verified, and agree with the warm-up run. */
async function checkedRun(
  result: ReleasedRun,
  reference: Comparable,
  what: string,
): Promise<Pick<JobsBenchRun, 'proveMs' | 'proofMs' | 'batches' | 'verified'>> {
  if (!result.prove || !result.verification?.ok) throw new Error(`stones bench jobs: the ${what} did not verify`);
  if (result.prove.reused !== 0) throw new Error(`stones bench jobs: the ${what} kept ${result.prove.reused} proofs instead of proving them`);
  if (result.prove.batches !== reference.batches)
    throw new Error(`stones bench jobs: the ${what} proved ${result.prove.batches} batches, not ${reference.batches}`);
  sameAs(reference, await comparableOf(result), what);
  const proofMs = result.prove.batchMs.reduce((sum, ms) => sum + ms, 0) / Math.max(1, result.prove.batchMs.length);
  return { proveMs: result.prove.totalMs, proofMs, batches: result.prove.batches, verified: true };
}

/** DuckDB keeps one file (plus a WAL until checkpointed): copies both, so the copy is the same database. */
function copyDatabase(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}.wal`)) copyFileSync(`${from}.wal`, `${to}.wal`);
}

/** The timed run's database copy and out folder. */
function removeRunFiles(shared: Shared, name: string): void {
  const dbPath = join(shared.dir, `${name}.duckdb`);
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  rmSync(join(shared.dir, `out-${name}`), { recursive: true, force: true });
}

interface Shared {
  dir: string;
  baseDatabase: string;
  pipeline: Omit<RunPipelineOptions, 'outDir' | 'prove'>;
  redisUrl: string;
  prefix: string;
}

async function timedEmbedded(shared: Shared, round: number, reference: Comparable): Promise<JobsBenchRun> {
  const name = `r${round}-embedded`;
  const dbPath = join(shared.dir, `${name}.duckdb`);
  copyDatabase(shared.baseDatabase, dbPath);
  const database = await openDatabase(dbPath);
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = releasedRun(
      await runPipeline(database.connection, {
        ...shared.pipeline,
        outDir: join(shared.dir, `out-${name}`),
        prove: { artifactsDir: SMALL_CIRCUIT_ARTIFACTS, threads: 1 },
      }),
    );
    const totalMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);
    return { mode: 'embedded', round, totalMs, cpuMs, ...(await checkedRun(result, reference, `embedded run (round ${round})`)) };
  } finally {
    database.close();
    removeRunFiles(shared, name);
  }
}

async function timedThroughRedis(shared: Shared, mode: Exclude<JobsBenchMode, 'embedded'>, round: number, reference: Comparable): Promise<JobsBenchRun> {
  const name = `r${round}-${mode}`;
  const dbPath = join(shared.dir, `${name}.duckdb`);
  // Job ids are the run's (the same in every round): each timed run gets queues of its own.
  const prefix = `${shared.prefix}-r${round}-${WORKERS[mode]}w`;
  copyDatabase(shared.baseDatabase, dbPath);
  const database = await openDatabase(dbPath);
  // Long-lived `stones worker`s in real life: connected before the clock starts. Their prover
  // thread starts (and loads the artifacts) on the first job, inside the timed run, as the
  // embedded run starts its prover thread inside its own.
  // Coordinator and workers share this process, and so the witness key (sealing costs are in the timings).
  const witnessKey = WitnessKey.generate();
  const workers = Array.from(
    { length: WORKERS[mode] },
    () => new ProveBatchWorker({ url: shared.redisUrl, prefix, concurrency: 1, witnessKey: async () => witnessKey }),
  );
  try {
    await Promise.all(workers.map((worker) => worker.worker.waitUntilReady()));
    const jobsPerWorker = workers.map(() => 0);
    workers.forEach((worker, index) => {
      worker.worker.on('completed', () => {
        jobsPerWorker[index] = (jobsPerWorker[index] as number) + 1;
      });
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const run = await runThroughRedis(database.connection, {
      ...shared.pipeline,
      outDir: join(shared.dir, `out-${name}`),
      url: shared.redisUrl,
      prefix,
      witnessKey,
      artifactsDir: SMALL_CIRCUIT_ARTIFACTS,
      onFlow: ({ added }) => {
        if (!added) throw new Error(`stones bench jobs: the flow of ${name} was already in Redis under prefix ${prefix}`);
      },
    });
    const totalMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);
    const what = `run through Redis with ${WORKERS[mode]} worker${WORKERS[mode] === 1 ? '' : 's'} (round ${round})`;
    return { mode, round, totalMs, cpuMs, ...(await checkedRun(releasedRun(run.result), reference, what)), jobsPerWorker };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
    database.close();
    removeRunFiles(shared, name);
    await deleteRedisKeys(shared.redisUrl, prefix);
  }
}

/**
 * `npm run bench -- jobs`: the same generated input run embedded (runPipeline, one prover thread)
 * and through BullMQ (runThroughRedis, this process the coordinator) with one and with two
 * in-process ProveBatchWorkers of one prover thread each, on the small test circuit
 * (batch-award-v3-b2-n128). One untimed warm-up run commits and scores the input in a base
 * database (and warms DuckDB, the hashers and snarkjs); every timed run then starts from a copy
 * of it, so all of them do the same work (ingest finds the file loaded, the commit and the score
 * are reused, publish writes a fresh out folder, every batch is proved, the bundle verified) and
 * must come back with the same run id, data root, totals and awards.arrow: the bench throws
 * otherwise, and when a run does not verify. Rounds rotate the order of the three runs.
 */
export async function benchJobs(options: JobsBenchOptions = {}): Promise<JobsBenchResult> {
  const log = options.log ?? (() => {});
  const users = options.users ?? JOBS_BENCH_DEFAULT_USERS;
  const repeats = options.repeats ?? JOBS_BENCH_DEFAULT_REPEATS;
  checkCount('--users', users);
  checkCount('--repeats', repeats);
  const basePrefix = options.prefix ?? `stones-bench-${process.pid}-${randomBytes(4).toString('hex')}`;
  // Room for `-r<round>-2w`.
  if (!isValidQueuePrefix(`${basePrefix}-r${repeats}-2w`))
    throw new UsageError(`the queue prefix "${basePrefix}" is not usable (letters, digits, "_", "." or "-", at most 64 with the bench's suffixes)`);

  const dir = mkdtempSync(join(tmpdir(), 'stones-bench-jobs-'));
  let server: LocalRedisServer | undefined;
  let hasher: HashPool | undefined;
  try {
    const given = options.redisUrl ?? (process.env.REDIS_URL?.trim() || undefined);
    let redisUrl: string;
    let redis: string;
    if (given !== undefined) {
      redisUrl = given;
      redis = options.redisUrl !== undefined ? 'the Redis given to the bench' : 'REDIS_URL';
    } else {
      server = await startLocalRedisServer();
      redisUrl = server.url;
      redis = `a redis-server started by the bench on 127.0.0.1:${server.port}, no persistence`;
    }

    const formula: LoadedFormula = await loadFormula(await writeSmallCircuitFormula(dir));
    const tripsPath = join(dir, 'trips.csv');
    const ownersPath = join(dir, 'trips.owners.csv');
    const generate = { users, days: 31, seed: 7, start: `${PERIOD}-01` };
    await writeTripsFile(generateTrips(generate), tripsPath);
    await writeOwnersFile(generateOwners(generate), ownersPath);
    const poseidon: PoseidonHasher = await createPoseidon();
    hasher = new HashPool();
    const shared: Shared = {
      dir,
      baseDatabase: join(dir, 'base.duckdb'),
      pipeline: { inputs: [tripsPath, ownersPath], periodId: PERIOD, timeZone: 'UTC', formula, pepper: PEPPER, hasher, poseidon, startedBy: 'bench:jobs' },
      redisUrl,
      prefix: basePrefix,
    };

    log(`warm-up (not counted): ${users} users generated, committed, scored and proved embedded ...`);
    const base = await openDatabase(shared.baseDatabase);
    let reference: Comparable;
    let scoredUsers: number;
    try {
      const warmUp = releasedRun(
        await runPipeline(base.connection, { ...shared.pipeline, outDir: join(dir, 'out-warm-up'), prove: { artifactsDir: SMALL_CIRCUIT_ARTIFACTS } }),
      );
      if (!warmUp.verification?.ok) throw new Error('stones bench jobs: the warm-up run did not verify');
      reference = await comparableOf(warmUp);
      scoredUsers = warmUp.score.users;
      await base.connection.run('CHECKPOINT');
    } finally {
      base.close();
    }
    if (reference.batches === 0) throw new UsageError(`--users ${users} gave no user with trips in ${PERIOD}: nothing to prove`);
    rmSync(join(dir, 'out-warm-up'), { recursive: true, force: true });
    log(`run ${reference.runId}: ${scoredUsers} users scored, ${reference.batches} batches of ${formula.formula.batch_size}`);

    const runs: JobsBenchRun[] = [];
    for (let round = 1; round <= repeats; round += 1) {
      for (let i = 0; i < MODES.length; i += 1) {
        const mode = MODES[(i + round - 1) % MODES.length] as JobsBenchMode;
        log(`round ${round} of ${repeats}: ${mode} ...`);
        const run = mode === 'embedded' ? await timedEmbedded(shared, round, reference) : await timedThroughRedis(shared, mode, round, reference);
        log(`  ${(run.totalMs / 1000).toFixed(2)} s in all, ${(run.proveMs / 1000).toFixed(2)} s proving`);
        runs.push(run);
      }
    }
    return {
      loadAverage: loadavg()[0] as number,
      cores: availableParallelism(),
      circuit: instanceName(formula.formula),
      users,
      scoredUsers,
      batches: reference.batches,
      repeats,
      redis,
      runId: reference.runId,
      dataRoot: reference.dataRoot,
      awardsSha256: reference.awardsSha256,
      runs,
    };
  } finally {
    await hasher?.close();
    await releaseSnarkjsCurve();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
