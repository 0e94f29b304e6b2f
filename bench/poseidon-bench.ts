import { availableParallelism } from 'node:os';
import { dataLeafRow } from '../pipeline/commitments/data-leaf.js';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { BN254_FIELD_MODULUS, type PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { POSEIDON_CANDIDATES } from './poseidon/index.js';
import { median } from './median.js';

/** The arities the commitments stage uses: tag (2), coins and award leaf (3), data leaf (9), tree nodes (16). */
export const BENCH_ARITIES = [2, 3, 9, 16] as const;
const REPEATS = 3;
const MS_PER_REPEAT = 200;
const CHECKS_PER_ARITY = 3;

/** A deterministic stream of field elements (xorshift), the same for every implementation. */
function fieldStream(seed: number): () => bigint {
  let state = BigInt(seed) | 1n;
  const mask = (1n << 64n) - 1n;
  const word = (): bigint => {
    state ^= (state << 13n) & mask;
    state ^= state >> 7n;
    state ^= (state << 17n) & mask;
    return state;
  };
  return () => ((word() << 192n) | (word() << 128n) | (word() << 64n) | word()) % BN254_FIELD_MODULUS;
}

/** Microseconds per hash: the median of REPEATS timed loops of about MS_PER_REPEAT each. */
function timeHash(hasher: PoseidonHasher, inputs: bigint[][]): number {
  for (let i = 0; i < 50; i += 1) hasher.hash(inputs[i % inputs.length] as bigint[]);
  const runs: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    let hashes = 0;
    const started = performance.now();
    let elapsed = 0;
    for (;;) {
      elapsed = performance.now() - started;
      if (elapsed >= MS_PER_REPEAT) break;
      for (let i = 0; i < 10; i += 1) hasher.hash(inputs[(hashes + i) % inputs.length] as bigint[]);
      hashes += 10;
    }
    runs.push((elapsed * 1000) / hashes);
  }
  return median(runs);
}

interface CandidateResult {
  name: string;
  /** Arities where it disagreed with circomlibjs (or threw). */
  mismatches: number[];
  /** Microseconds per hash by arity; undefined where unsupported. */
  micros: Map<number, number | undefined>;
}

/**
 * Every circomlib-compatible Poseidon candidate, in this process: cross-checked against
 * circomlibjs on every arity 1..16, then timed at 2, 3, 9 and 16 inputs. Returns a table of
 * microseconds per hash with the speed-up over circomlibjs (above 1 = faster).
 */
export async function benchPoseidon(): Promise<string> {
  const next = fieldStream(2026);
  const inputsByArity = new Map<number, bigint[][]>(BENCH_ARITIES.map((n) => [n, Array.from({ length: 64 }, () => Array.from({ length: n }, next))]));
  const checks = Array.from({ length: 16 }, (_, k) => Array.from({ length: CHECKS_PER_ARITY }, () => Array.from({ length: k + 1 }, next)));
  const results: CandidateResult[] = [];
  let reference: PoseidonHasher | undefined;
  for (const candidate of POSEIDON_CANDIDATES) {
    const hasher = await candidate.create();
    reference ??= hasher;
    const mismatches: number[] = [];
    checks.forEach((cases, k) => {
      if (k + 1 > candidate.maxInputs) return;
      for (const inputs of cases) {
        let same = false;
        try {
          same = hasher.hash(inputs) === reference?.hash(inputs);
        } catch {
          same = false;
        }
        if (!same) {
          mismatches.push(k + 1);
          return;
        }
      }
    });
    const micros = new Map<number, number | undefined>();
    for (const n of BENCH_ARITIES) micros.set(n, n <= candidate.maxInputs ? timeHash(hasher, inputsByArity.get(n) as bigint[][]) : undefined);
    results.push({ name: candidate.name, mismatches, micros });
  }
  const base = results[0] as CandidateResult;
  const header = ['implementation', ...BENCH_ARITIES.map((n) => `${n} inputs`), 'matches circomlib'];
  const rows = results.map((result) => [
    result.name,
    ...BENCH_ARITIES.map((n) => {
      const us = result.micros.get(n);
      const baseUs = base.micros.get(n) as number;
      return us === undefined ? 'n/a' : `${us.toFixed(1)} us (${(baseUs / us).toFixed(2)}x)`;
    }),
    result.mismatches.length === 0 ? `yes (1..${POSEIDON_CANDIDATES.find((c) => c.name === result.name)?.maxInputs})` : `NO at ${result.mismatches.join(',')}`,
  ]);
  return [`Poseidon (BN254, circomlib constants): microseconds per hash, single thread; (Nx) = speed-up over circomlibjs`, formatTable([header, ...rows])].join(
    '\n',
  );
}

export interface CommitmentHashingResult {
  users: number;
  threads: number;
  /** Seconds per step for `users` users. */
  steps: { name: string; hashes: number; seconds: number }[];
  seconds: number;
  /** Poseidon hashes per second over the whole run (all arities). */
  hashesPerSecond: number;
  /** seconds * 1,000,000 / users. */
  extrapolatedMillionSeconds: number;
}

/**
 * The hashing the commit and score stages need for `users` owners, through the hash pool:
 * tags Poseidon(2), data leaves Poseidon(3) (features packed), noise coins countCoins (one
 * Poseidon(2) each), award leaves Poseidon(3), and the batch trees (16 leaves each) over both
 * leaf sets.
 */
export async function benchCommitmentHashing(users = 100_000, coins = 128, batchSize = 16): Promise<CommitmentHashingResult> {
  const next = fieldStream(7);
  const ids = Array.from({ length: users }, next);
  const features = Array.from({ length: users }, () => Array.from({ length: 7 }, () => next() & 0xffffn));
  const salts = Array.from({ length: users }, next);
  const [pepper, beacon] = [next(), next()] as [bigint, bigint];
  const pool = new HashPool();
  const steps: CommitmentHashingResult['steps'] = [];
  const step = async <T>(name: string, hashes: number, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    steps.push({ name, hashes, seconds: (performance.now() - started) / 1000 });
    return result;
  };
  const groups = (leaves: bigint[]): bigint[][] =>
    Array.from({ length: Math.ceil(leaves.length / batchSize) }, (_, b) => leaves.slice(b * batchSize, (b + 1) * batchSize));
  try {
    await pool.hashRows([[1n]]); // workers up
    const started = performance.now();
    const tags = await step('tags Poseidon(2)', users, () => pool.hashRows(ids.map((id) => [id, pepper])));
    const dataLeaves = await step('data leaves Poseidon(3)', users, () =>
      pool.hashRows(tags.map((tag, k) => dataLeafRow(tag, features[k] as bigint[], salts[k] as bigint))),
    );
    const counts = await step(`noise coins, n = ${coins}`, users, () => pool.countCoins(beacon, salts, coins));
    const awardLeaves = await step('award leaves Poseidon(3)', users, () => pool.hashRows(tags.map((tag, k) => [tag, BigInt(counts[k] as number), BigInt(k)])));
    const trees = Math.ceil(users / batchSize);
    await step(`data batch trees (${batchSize} leaves)`, trees, () => pool.buildTrees(groups(dataLeaves)));
    await step(`award batch trees (${batchSize} leaves)`, trees, () => pool.buildTrees(groups(awardLeaves)));
    const seconds = (performance.now() - started) / 1000;
    const hashes = steps.reduce((sum, s) => sum + s.hashes, 0);
    return { users, threads: pool.threads, steps, seconds, hashesPerSecond: hashes / seconds, extrapolatedMillionSeconds: (seconds * 1_000_000) / users };
  } finally {
    await pool.close();
  }
}

/** benchCommitmentHashing as text. */
export async function benchCommitmentHashingReport(users = 100_000): Promise<string> {
  const result = await benchCommitmentHashing(users);
  const rows = result.steps.map((s) => [s.name, String(s.hashes), s.seconds.toFixed(2), ((s.seconds * 1e6) / s.hashes).toFixed(1)]);
  return [
    `Commitment hashing for ${result.users} users over ${result.threads} worker threads (${availableParallelism()} cores)`,
    formatTable([['step', 'hashes', 'seconds', 'wall us/hash'], ...rows]),
    `total ${result.seconds.toFixed(2)} s, ${Math.round(result.hashesPerSecond)} hashes/s; 1,000,000 users: about ${result.extrapolatedMillionSeconds.toFixed(0)} s`,
  ].join('\n');
}

function formatTable(rows: string[][]): string {
  const widths = (rows[0] as string[]).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] as number))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
