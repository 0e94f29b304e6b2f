import { BN254_FIELD_MODULUS, type PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { POSEIDON_CANDIDATES } from './poseidon/index.js';
import { median } from './median.js';

/** The arities the commitments stage uses: tag (2), coins and award leaf (3), data leaf (9), tree nodes (16). */
const BENCH_ARITIES = [2, 3, 9, 16] as const;
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
