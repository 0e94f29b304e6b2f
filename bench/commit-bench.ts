import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitPeriod, dataLeafRow, randomFieldElement, userIdToField } from '../pipeline/commitments/index.js';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { createPoseidon } from '../pipeline/commitments/poseidon/index.js';
import { openDatabase, readSqlFile } from '../pipeline/db/index.js';
import { parsePeriod } from '../pipeline/features/index.js';
import { publishRun } from '../pipeline/publishing/index.js';
import { loadFormula, scoreRun } from '../pipeline/scoring/index.js';

export interface CommitBenchResult {
  users: number;
  workers: number;
  /** The whole v2 design, one period from scratch (tags computed). */
  commitSeconds: number;
  scoreSeconds: number;
  publishSeconds: number;
  /** The next period of the same owners: their tags come from owner_tags. */
  commitWithCachedTagsSeconds: number;
  /** Hashing alone, same users, same pool, same process (see hashingComparison). */
  hashing: HashingComparison;
}

interface HashingComparison {
  sample: number;
  /** The per-owner hashes of formula version 1: tag, 9-input leaf, 16 coin hashes, award leaf. */
  v1Seconds: number;
  /** Version 2: a 3-input leaf (packed features), one coin hash, the award leaf; tags cached. */
  v2Seconds: number;
  /** Version 2 with the tag hashed again (no cache). */
  v2WithTagsSeconds: number;
  /** Leaves alone: 9 inputs (seven features) against 3 (packed). */
  leaves9Seconds: number;
  leaves3Seconds: number;
}

/** Synthetic features for `users` owners of a period, spread like a real month (from a fixed hash). */
const FILL_FEATURES_SQL = (users: number, period: string) => `
  INSERT INTO features
  SELECT '${period}', 'UTC', 'user-' || i,
         1 + hash(i, 'a', '${period}') % 31, hash(i, 't', '${period}') % 100, hash(i, 'k', '${period}') % 1000, hash(i, 'd', '${period}') % 200,
         hash(i, 'n', '${period}') % 200, 1 + hash(i, 'r', '${period}') % 5, 1 + hash(i, 'e') % 700, now()
  FROM range(${users}) AS r(i)`;

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, (performance.now() - started) / 1000];
}

/**
 * The per-owner hashing of both designs on the same pool, alternated, in this process: what the
 * redesign (one coin hash, packed features, cached tags) saves, apart from DuckDB and files.
 */
async function hashingComparison(pool: HashPool, sample: number): Promise<HashingComparison> {
  const pepper = randomFieldElement();
  const beacon = randomFieldElement();
  const ids = Array.from({ length: sample }, (_, i) => userIdToField(`user-${i}`));
  const salts = ids.map(() => randomFieldElement());
  const features = ids.map((_, i) => [
    1n + BigInt(i % 31),
    BigInt(i % 100),
    BigInt(i % 1000),
    BigInt(i % 200),
    BigInt(i % 200),
    BigInt(i % 5),
    BigInt(i % 700),
  ]);
  // Award leaves: Poseidon(tag, noisy, award, draw wins), no stone won here.
  const awards = (tags: bigint[]) => pool.hashRows(tags.map((tag, i) => [tag, BigInt(i) * 114n, BigInt(i), 0n]));
  const v1 = async () => {
    const tags = await pool.hashRows(ids.map((id) => [id, pepper]));
    await pool.hashRows(tags.map((tag, i) => [tag, ...(features[i] as bigint[]), salts[i] as bigint]));
    // 2048 coins: 16 hashes of Poseidon(beacon, salt, j) per owner.
    await pool.hashRows(salts.flatMap((salt) => Array.from({ length: 16 }, (_, j) => [beacon, salt, BigInt(j)])));
    await awards(tags);
  };
  const v2 = (withTags: boolean) => async () => {
    const tags = withTags ? await pool.hashRows(ids.map((id) => [id, pepper])) : ids;
    await pool.hashRows(tags.map((tag, i) => dataLeafRow(tag, features[i] as bigint[], salts[i] as bigint, 0n)));
    await pool.countCoins(beacon, salts, 128);
    await awards(tags);
  };
  const leaves9 = () => pool.hashRows(ids.map((tag, i) => [tag, ...(features[i] as bigint[]), salts[i] as bigint]));
  const leaves3 = () => pool.hashRows(ids.map((tag, i) => dataLeafRow(tag, features[i] as bigint[], salts[i] as bigint, 0n)));
  await v2(true)(); // warm-up: workers up, kernels compiled
  const best = { v1: Infinity, v2: Infinity, v2WithTags: Infinity, leaves9: Infinity, leaves3: Infinity };
  for (let round = 0; round < 2; round += 1) {
    best.v1 = Math.min(best.v1, (await seconds(v1))[1]);
    best.v2 = Math.min(best.v2, (await seconds(v2(false)))[1]);
    best.v2WithTags = Math.min(best.v2WithTags, (await seconds(v2(true)))[1]);
    best.leaves9 = Math.min(best.leaves9, (await seconds(leaves9))[1]);
    best.leaves3 = Math.min(best.leaves3, (await seconds(leaves3))[1]);
  }
  return { sample, v1Seconds: best.v1, v2Seconds: best.v2, v2WithTagsSeconds: best.v2WithTags, leaves9Seconds: best.leaves9, leaves3Seconds: best.leaves3 };
}

/**
 * Commits, scores and publishes `users` synthetic owners of one period in a scratch database,
 * timing each stage; commits the next period of the same owners (tags cached); and compares
 * the per-owner hashing of formula versions 1 and 2 on the same pool.
 */
export async function benchCommit(users: number, formulaPath: string): Promise<CommitBenchResult> {
  const formula = await loadFormula(formulaPath);
  const dir = mkdtempSync(join(tmpdir(), 'stones-bench-commit-'));
  const database = await openDatabase(join(dir, 'bench.duckdb'));
  const hasher = new HashPool();
  try {
    const poseidon = await createPoseidon();
    const pepper = randomFieldElement();
    const { connection } = database;
    await connection.run(readSqlFile('pipeline/features/features-table.sql'));
    await connection.run(FILL_FEATURES_SQL(users, '2026-10'));
    await connection.run(FILL_FEATURES_SQL(users, '2026-11'));
    await hasher.hashRows([[1n]]); // workers up before anything is timed
    const [commit, commitSeconds] = await seconds(() => commitPeriod(connection, { period: parsePeriod('2026-10', 'UTC'), formula, pepper, hasher, poseidon }));
    const beacon = { hex: 'bench', value: 0xbeac0n, demo: true };
    const now = new Date('2027-01-01T00:00:00Z');
    const [, scoreSeconds] = await seconds(() => scoreRun(connection, { runId: commit.runId, beacon, formula, hasher, poseidon, now }));
    const [, publishSeconds] = await seconds(() => publishRun(connection, { runId: commit.runId, outDir: join(dir, 'out'), formula, poseidon, hasher }));
    const [, commitWithCachedTagsSeconds] = await seconds(() =>
      commitPeriod(connection, { period: parsePeriod('2026-11', 'UTC'), formula, pepper, hasher, poseidon }),
    );
    const hashing = await hashingComparison(hasher, Math.min(users, 20_000));
    return { users, workers: hasher.threads, commitSeconds, scoreSeconds, publishSeconds, commitWithCachedTagsSeconds, hashing };
  } finally {
    await hasher.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Version 1 of this bench measured commit + score + publish of 100,000 users in 104.9 s on the development machine. */
const V1_RECORDED_SECONDS_100K = 104.9;

export function formatCommitBench(r: CommitBenchResult): string {
  const total = r.commitSeconds + r.scoreSeconds + r.publishSeconds;
  const perMillion = (total / r.users) * 1_000_000;
  const h = r.hashing;
  const perOwner = (s: number) => `${((s / h.sample) * 1e6).toFixed(0)} us`;
  const scaledV1 = (V1_RECORDED_SECONDS_100K * r.users) / 100_000;
  return [
    `commit bench: ${r.users.toLocaleString('en-US')} owners, ${r.workers} hashing workers, formula version 2 (packed leaf, one coin hash, tags kept between periods)`,
    `commit  (tags, data leaves, batch and top trees, DuckDB): ${r.commitSeconds.toFixed(2)} s`,
    `score   (scores, noise coins, awards, award leaves and trees, ledger): ${r.scoreSeconds.toFixed(2)} s`,
    `publish (trees for paths, receipts, bundle, Arrow, Parquet): ${r.publishSeconds.toFixed(2)} s`,
    `total ${total.toFixed(1)} s; at this rate 1,000,000 owners take ${perMillion.toFixed(0)} s (goal: under 60 s)`,
    `against version 1 on this machine (${V1_RECORDED_SECONDS_100K} s per 100,000 owners, recorded): ${(scaledV1 / total).toFixed(1)}x faster (goal: at least 4x)`,
    `next period, same owners, tags from owner_tags: commit ${r.commitWithCachedTagsSeconds.toFixed(2)} s (${(r.commitSeconds - r.commitWithCachedTagsSeconds).toFixed(2)} s saved)`,
    `hashing alone, ${h.sample.toLocaleString('en-US')} owners, same pool, best of 2 alternated rounds:`,
    `  version 1 (tag, 9-input leaf, 16 coin hashes, award leaf): ${h.v1Seconds.toFixed(2)} s, ${perOwner(h.v1Seconds)} per owner`,
    `  version 2 with tags hashed: ${h.v2WithTagsSeconds.toFixed(2)} s (${(h.v1Seconds / h.v2WithTagsSeconds).toFixed(1)}x); tags cached: ${h.v2Seconds.toFixed(2)} s (${(h.v1Seconds / h.v2Seconds).toFixed(1)}x), ${perOwner(h.v2Seconds)} per owner`,
    `  leaves: 9 inputs ${h.leaves9Seconds.toFixed(2)} s, packed 3 inputs ${h.leaves3Seconds.toFixed(2)} s (${(h.leaves9Seconds / h.leaves3Seconds).toFixed(1)}x)`,
  ].join('\n');
}
