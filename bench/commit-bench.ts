import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildTopTree } from '../pipeline/commitments/build-top-tree.js';
import { commitPeriod, fieldFromHex, randomFieldElement, userIdToField } from '../pipeline/commitments/index.js';
import { levelArities } from '../pipeline/commitments/merkle/index.js';
import { createCircomlibjsPoseidon } from '../pipeline/commitments/poseidon/circomlibjs-poseidon.js';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { createPoseidon } from '../pipeline/commitments/poseidon/index.js';
import { openDatabase, readSqlFile } from '../pipeline/db/index.js';
import { parsePeriod } from '../pipeline/features/index.js';
import { publishRun } from '../pipeline/publishing/index.js';
import { loadFormula, scoreRun } from '../pipeline/scoring/index.js';

export interface CommitBenchResult {
  users: number;
  commitSeconds: number;
  scoreSeconds: number;
  publishSeconds: number;
  dataLeaves: number;
  treeNodes: number;
  treeSeconds: number;
  baselineLeavesPerSecond: number;
  poolLeavesPerSecond: number;
  workers: number;
}

/** Synthetic features for `users` users of 2026-10, spread like a real month (from a fixed hash). */
const FILL_FEATURES_SQL = (users: number) => `
  INSERT INTO features
  SELECT '2026-10', 'UTC', 'user-' || i,
         1 + hash(i, 'a') % 31, hash(i, 't') % 100, hash(i, 'k') % 1000, hash(i, 'd') % 200,
         hash(i, 'n') % 200, 1 + hash(i, 'r') % 5, 1 + hash(i, 'e') % 90, now()
  FROM range(${users}) AS r(i)`;

/** Data leaves per second on one thread with circomlibjs, the reference implementation. */
async function baselineLeavesPerSecond(sample: number): Promise<number> {
  const reference = await createCircomlibjsPoseidon();
  const pepper = randomFieldElement();
  const started = performance.now();
  for (let i = 0; i < sample; i += 1) {
    const tag = reference.hash([userIdToField(`user-${i}`), pepper]);
    reference.hash([tag, 1n, 2n, 3n, 4n, 5n, 6n, 7n, randomFieldElement()]);
  }
  return sample / ((performance.now() - started) / 1000);
}

/** Hashes in one batch tree of `leaves` leaves (one per node above the leaves). */
function internalNodes(leaves: number): number {
  let nodes = leaves;
  let count = 0;
  for (const arity of levelArities(leaves)) {
    nodes /= arity;
    count += nodes;
  }
  return count;
}

/** Rebuilds the data trees of the run from its stored leaves: batch trees, then the top tree. */
async function timeTrees(connection: DuckDBConnection, hasher: HashPool, runId: string, batchSize: number): Promise<{ nodes: number; seconds: number }> {
  const reader = await connection.runAndReadAll('SELECT data_leaf FROM run_users WHERE run_id = $1 ORDER BY batch, leaf_index', [runId]);
  const leaves = reader.getRows().map((row) => fieldFromHex(String(row[0])));
  const batches = Math.ceil(leaves.length / batchSize);
  const padded = [...leaves, ...new Array<bigint>(batches * batchSize - leaves.length).fill(0n)];
  const groups = Array.from({ length: batches }, (_, b) => padded.slice(b * batchSize, (b + 1) * batchSize));
  const started = performance.now();
  const top = await buildTopTree(hasher, await hasher.buildTrees(groups));
  const seconds = (performance.now() - started) / 1000;
  const topNodes = top.levels.slice(1).reduce((sum, level) => sum + level.length, 0);
  return { nodes: batches * internalNodes(batchSize) + topNodes, seconds };
}

/**
 * Commits, scores and publishes `users` synthetic users in a scratch database, timing each
 * stage, and measures circomlibjs on one thread for the same leaves as the baseline.
 */
export async function benchCommit(users: number, formulaPath: string): Promise<CommitBenchResult> {
  const formula = await loadFormula(formulaPath);
  const dir = mkdtempSync(join(tmpdir(), 'stones-bench-commit-'));
  const database = await openDatabase(join(dir, 'bench.duckdb'));
  const hasher = new HashPool();
  try {
    const poseidon = await createPoseidon();
    await database.connection.run(readSqlFile('pipeline/features/features-table.sql'));
    await database.connection.run(FILL_FEATURES_SQL(users));
    const period = parsePeriod('2026-10', 'UTC');
    let started = performance.now();
    const commit = await commitPeriod(database.connection, { period, formula, pepper: randomFieldElement(), hasher, poseidon });
    const commitSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await scoreRun(database.connection, { runId: commit.runId, beacon: { hex: 'bench', value: 0xbeac0n, demo: true }, formula, hasher, poseidon });
    const scoreSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await publishRun(database.connection, { runId: commit.runId, outDir: join(dir, 'out'), formula, poseidon, hasher });
    const publishSeconds = (performance.now() - started) / 1000;
    const leafHashes = users * 2; // tag and data leaf per user
    const trees = await timeTrees(database.connection, hasher, commit.runId, formula.formula.batch_size);
    return {
      users,
      commitSeconds,
      scoreSeconds,
      publishSeconds,
      dataLeaves: users,
      treeNodes: trees.nodes,
      treeSeconds: trees.seconds,
      baselineLeavesPerSecond: await baselineLeavesPerSecond(Math.min(users, 5_000)),
      poolLeavesPerSecond: leafHashes / 2 / commitSeconds,
      workers: hasher.threads,
    };
  } finally {
    await hasher.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatCommitBench(r: CommitBenchResult): string {
  const total = r.commitSeconds + r.scoreSeconds + r.publishSeconds;
  const perMillion = (total / r.users) * 1_000_000;
  return [
    `commit bench: ${r.users.toLocaleString('en-US')} users, ${r.workers} hashing workers`,
    `commit  (tags, data leaves, batch and top trees, DuckDB): ${r.commitSeconds.toFixed(2)} s, ${Math.round(r.dataLeaves / r.commitSeconds).toLocaleString('en-US')} leaves/s`,
    `trees   (the data trees again, from the stored leaves): ${r.treeNodes.toLocaleString('en-US')} nodes in ${r.treeSeconds.toFixed(2)} s, ${Math.round(r.treeNodes / r.treeSeconds).toLocaleString('en-US')} nodes/s`,
    `score   (scores, noise coins, awards, award leaves and trees): ${r.scoreSeconds.toFixed(2)} s`,
    `publish (trees for paths, receipts, bundle, Arrow, Parquet): ${r.publishSeconds.toFixed(2)} s`,
    `baseline: circomlibjs on one thread, tag + data leaf: ${Math.round(r.baselineLeavesPerSecond).toLocaleString('en-US')} leaves/s; ` +
      `the commit stage: ${Math.round(r.poolLeavesPerSecond).toLocaleString('en-US')} leaves/s (${(r.poolLeavesPerSecond / r.baselineLeavesPerSecond).toFixed(1)}x)`,
    `total ${total.toFixed(1)} s; at this rate 1,000,000 users take ${perMillion.toFixed(0)} s (goal: under 60 s)`,
  ].join('\n');
}
