import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Groth16Proof } from 'snarkjs';
import { fieldFromHex } from '../pipeline/commitments/field-encoding.js';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { openDatabase, packageRoot } from '../pipeline/db/index.js';
import { UsageError } from '../pipeline/errors/index.js';
import { generateTrips, writeTripsFile } from '../pipeline/generate/index.js';
import { releaseSnarkjsCurve } from '../pipeline/proving/ceremony/index.js';
import {
  artifactsInstance,
  batchCircuitInput,
  batchSlots,
  ProverPool,
  proveWorkerFile,
  requireInstanceOf,
  type BatchCircuitInput,
  type BatchProof,
} from '../pipeline/proving/prove/index.js';
import { readRunSnapshot, type RunSnapshot } from '../pipeline/publishing/run-snapshot.js';
import { runPipeline } from '../pipeline/run/index.js';
import { formulaPoseidonHash, loadFormula, parseFormula, publishedFormulaPath, type LoadedFormula } from '../pipeline/scoring/index.js';
import type { ProveBenchResult, ProveBenchSide } from './prove-bench-figures.js';
import { singleAwardInput } from './single-award-input.js';
import { SparseBinaryTree } from './sparse-binary-tree.js';

export { formatProveBench, proveBenchFigures, type ProveBenchResult } from './prove-bench-figures.js';

/** The baseline's Merkle depth: 2^20 users, the scale of a fleet of a million. */
export const BASELINE_DEPTH = 20;

/** The circuit pairs the bench knows, by noise size: the batch instance and its baseline. */
export const PROVE_BENCH_INSTANCES = {
  2048: { batch: 'batch-award-b8-n2048', baseline: `single-award-d${BASELINE_DEPTH}-n2048`, batchSize: 8 },
  256: { batch: 'batch-award-b2-n256', baseline: `single-award-d${BASELINE_DEPTH}-n256`, batchSize: 2 },
} as const;

export type ProveBenchCoins = keyof typeof PROVE_BENCH_INSTANCES;

export interface ProveBenchOptions {
  coins: ProveBenchCoins;
  /** Batch proofs counted (K). */
  batches: number;
  /** Baseline proofs counted, one user each (M). */
  users: number;
  /** Prover threads of each pool. */
  threads: number;
  /** groth16.verify calls timed for each circuit. */
  verifications: number;
  /** Where circuits/artifacts/<circuit>/ are; default the repository's. */
  artifactsRoot?: string;
  log?: (line: string) => void;
}

const PEPPER = BigInt(`0xbe9c${'5a'.repeat(29)}`);

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${name} must be a positive whole number, got ${value}`);
}

/**
 * The formula of the instance: the published formula.json for n = 2048 (B = 8), or the same
 * with noise.n = 256 and batch_size = 2 (the test instance), written into `dir`.
 */
async function benchFormula(coins: ProveBenchCoins, dir: string): Promise<LoadedFormula> {
  const published = await loadFormula(publishedFormulaPath());
  const { batchSize } = PROVE_BENCH_INSTANCES[coins];
  if (published.formula.noise.n === coins && published.formula.batch_size === batchSize) return published;
  const json = JSON.parse(published.canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = coins;
  json.batch_size = batchSize;
  parseFormula(json, `formula.json with noise.n = ${coins}, batch_size = ${batchSize}`);
  const path = join(dir, 'formula.json');
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  return loadFormula(path);
}

/** Constraint count from the ceremony transcript, if the repository has it. */
function transcriptConstraints(circuit: string): number | undefined {
  const path = join(packageRoot(), 'circuits', 'ceremony', `${circuit}.json`);
  if (!existsSync(path)) return undefined;
  const transcript = JSON.parse(readFileSync(path, 'utf8')) as { r1cs?: { constraints?: unknown } };
  return typeof transcript.r1cs?.constraints === 'number' ? transcript.r1cs.constraints : undefined;
}

function baselineArtifacts(root: string, circuit: string): { wasmPath: string; zkeyPath: string; verificationKeyPath: string } {
  const dir = join(root, circuit);
  const files = { wasmPath: join(dir, 'circuit.wasm'), zkeyPath: join(dir, 'circuit.zkey'), verificationKeyPath: join(dir, 'verification_key.json') };
  for (const file of Object.values(files)) {
    if (!existsSync(file)) throw new UsageError(`no ${file}: run stones ceremony --circuit circuits/instances/${circuit}.circom first`);
  }
  return files;
}

/** Scored users from the real pipeline: generated trips, ingest, features, commit, score, publish. */
async function scoredRun(formula: LoadedFormula, users: number, dir: string, poseidon: PoseidonHasher): Promise<RunSnapshot> {
  const tripsPath = join(dir, 'trips.csv');
  // A few owners have no trip in the month (new or sold cars): generate some spare.
  await writeTripsFile(generateTrips({ users: Math.ceil(users * 1.2) + 4, days: 31, seed: 11, start: '2026-10-01' }), tripsPath);
  const hasher = new HashPool({ threads: 2 });
  const database = await openDatabase(join(dir, 'stones.duckdb'));
  try {
    const run = await runPipeline(database.connection, {
      inputs: [tripsPath], periodId: '2026-10', timeZone: 'UTC', formula, pepper: PEPPER, outDir: join(dir, 'out'), hasher, poseidon,
    });
    return await readRunSnapshot(database.connection, run.commit.runId);
  } finally {
    await hasher.close();
    database.close();
  }
}

interface Phase {
  wallMs: number;
  proofs: BatchProof[];
}

/** `count` proofs of inputs[start..] (cycling), all threads of the pool working; wall time from first send to last proof. */
async function provePhase(pool: ProverPool, inputs: readonly BatchCircuitInput[], start: number, count: number): Promise<Phase> {
  const proofs: BatchProof[] = [];
  const started = performance.now();
  await pool.proveAll(Array.from({ length: count }, (_, i) => i), (i) => inputs[(start + i) % inputs.length] as BatchCircuitInput, async (_i, proof) => {
    proofs.push(proof);
  });
  return { wallMs: performance.now() - started, proofs };
}

/** The first round's share of `count` proofs: about half, in whole rounds of `threads`, so no thread idles in round one. */
function firstRound(count: number, threads: number): number {
  return Math.min(count, threads * Math.ceil(count / threads / 2));
}

/** Mean ms per groth16.verify over `count` calls cycling through `proofs`; every one must verify. */
async function timeVerify(verificationKeyPath: string, proofs: readonly BatchProof[], count: number, circuit: string): Promise<number> {
  const { groth16 } = await import('snarkjs');
  const key = JSON.parse(readFileSync(verificationKeyPath, 'utf8')) as Record<string, unknown>;
  const verify = async (item: BatchProof): Promise<void> => {
    if (!(await groth16.verify(key, item.publicSignals, item.proof as Groth16Proof))) throw new Error(`a ${circuit} proof of the bench does not verify`);
  };
  await verify(proofs[0] as BatchProof); // warm-up: builds the curve
  const started = performance.now();
  for (let i = 0; i < count; i += 1) await verify(proofs[i % proofs.length] as BatchProof);
  return (performance.now() - started) / count;
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * Proves `batches` batches of the batch-award instance and `users` users with the one-user
 * baseline (circuits/single-award.circom), both on ProverPools of `threads` threads in this
 * process, from honest inputs built by the real pipeline; then times the regulator's check
 * (groth16.verify) of the proofs. Warm-up proofs (one per thread) are not counted, and the
 * counted proofs alternate batch, baseline, batch, baseline so drift hits both alike.
 */
export async function benchProve(options: ProveBenchOptions): Promise<ProveBenchResult> {
  const log = options.log ?? (() => {});
  const instances = PROVE_BENCH_INSTANCES[options.coins];
  if (instances === undefined) throw new UsageError(`--coins must be one of ${Object.keys(PROVE_BENCH_INSTANCES).join(', ')}, got ${String(options.coins)}`);
  for (const [name, value] of [['--batches', options.batches], ['--users', options.users], ['--threads', options.threads], ['--verifications', options.verifications]] as const) {
    checkCount(name, value);
  }
  const root = options.artifactsRoot ?? join(packageRoot(), 'circuits', 'artifacts');
  if (!existsSync(join(root, instances.batch, 'circuit.zkey'))) {
    throw new UsageError(`no ${join(root, instances.batch, 'circuit.zkey')}: run stones ceremony --circuit circuits/instances/${instances.batch}.circom first`);
  }
  const batchArtifacts = artifactsInstance(join(root, instances.batch));
  const baselineFiles = baselineArtifacts(root, instances.baseline);
  const { threads } = options;
  const B = instances.batchSize;

  const dir = mkdtempSync(join(tmpdir(), 'stones-bench-prove-'));
  let batchPool: ProverPool | undefined;
  let baselinePool: ProverPool | undefined;
  try {
    const formula = await benchFormula(options.coins, dir);
    requireInstanceOf(batchArtifacts, formula.formula);
    const poseidon = await createPoseidon();
    const wanted = Math.max(options.batches * B, options.users, threads * B);
    log(`scoring at least ${wanted} users with the pipeline (generate, ingest, features, commit, score, publish) ...`);
    const snapshot = await scoredRun(formula, wanted, dir, poseidon);

    const formulaHash = formulaPoseidonHash(poseidon, formula.formula);
    const slots = batchSlots(snapshot, B);
    // Full batches only (the last may have padding): a batch proof costs the same either way,
    // but a full one proves B users.
    const fullBatches = slots.flatMap((batch, index) => (batch.every((user) => user !== undefined) ? [index] : []));
    if (fullBatches.length === 0) throw new Error(`the bench run has no full batch of ${B} users`);
    const batchInputs = fullBatches.map((index) => batchCircuitInput(poseidon, snapshot, formula.formula, index, slots[index], formulaHash));

    const tree = new SparseBinaryTree(poseidon, snapshot.users.map((user) => user.dataLeaf), BASELINE_DEPTH);
    const run = {
      formula: formula.formula,
      formulaHash,
      carriedIn: snapshot.run.carriedIn,
      total: snapshot.run.totalNoisy,
      beacon: fieldFromHex(snapshot.run.beacon),
    };
    const baselineInputs = snapshot.users.map((user, index) => singleAwardInput(poseidon, run, user, tree.root, tree.path(index)));
    log(
      `${snapshot.users.length} users scored: ${batchInputs.length} full batches for ${options.batches} batch proofs, ` +
        `${baselineInputs.length} users for ${options.users} baseline proofs${batchInputs.length < options.batches || baselineInputs.length < options.users ? ' (inputs reused in turn)' : ''}`,
    );

    batchPool = new ProverPool({ threads, workerFile: proveWorkerFile(), wasmPath: batchArtifacts.wasmPath, zkeyPath: batchArtifacts.zkeyPath });
    baselinePool = new ProverPool({ threads, workerFile: proveWorkerFile(), wasmPath: baselineFiles.wasmPath, zkeyPath: baselineFiles.zkeyPath });
    log(`warm-up: ${threads} proof(s) of each circuit (artifacts loaded, code warmed), not counted ...`);
    await provePhase(batchPool, batchInputs, 0, threads);
    await provePhase(baselinePool, baselineInputs, 0, threads);

    const batchRounds = [firstRound(options.batches, threads), options.batches - firstRound(options.batches, threads)];
    const baselineRounds = [firstRound(options.users, threads), options.users - firstRound(options.users, threads)];
    const batchPhases: Phase[] = [];
    const baselinePhases: Phase[] = [];
    for (let round = 0; round < 2; round += 1) {
      const batchCount = batchRounds[round] as number;
      const baselineCount = baselineRounds[round] as number;
      if (batchCount > 0) {
        log(`round ${round + 1}: ${batchCount} batch proof(s) ...`);
        batchPhases.push(await provePhase(batchPool, batchInputs, round === 0 ? 0 : (batchRounds[0] as number), batchCount));
      }
      if (baselineCount > 0) {
        log(`round ${round + 1}: ${baselineCount} baseline proof(s) ...`);
        baselinePhases.push(await provePhase(baselinePool, baselineInputs, round === 0 ? 0 : (baselineRounds[0] as number), baselineCount));
      }
    }
    await Promise.all([batchPool.close(), baselinePool.close()]);
    batchPool = undefined;
    baselinePool = undefined;

    const batchProofs = batchPhases.flatMap((phase) => phase.proofs);
    const baselineProofs = baselinePhases.flatMap((phase) => phase.proofs);
    log(`verifying: ${options.verifications} groth16.verify of each circuit ...`);
    const batchVerifyMs = await timeVerify(batchArtifacts.verificationKeyPath, batchProofs, options.verifications, instances.batch);
    const baselineVerifyMs = await timeVerify(baselineFiles.verificationKeyPath, baselineProofs, options.verifications, instances.baseline);

    const side = (circuit: string, usersPerProof: number, phases: Phase[], proofs: BatchProof[], verifyMs: number): ProveBenchSide => ({
      circuit,
      constraints: transcriptConstraints(circuit),
      usersPerProof,
      proofs: proofs.length,
      users: proofs.length * usersPerProof,
      wallSeconds: phases.reduce((sum, phase) => sum + phase.wallMs, 0) / 1000,
      proofSeconds: mean(proofs.map((proof) => proof.ms)) / 1000,
      verifications: options.verifications,
      verifyMs,
    });
    return {
      coins: options.coins,
      threads,
      warmUpProofs: threads,
      batch: side(instances.batch, B, batchPhases, batchProofs, batchVerifyMs),
      baseline: side(instances.baseline, 1, baselinePhases, baselineProofs, baselineVerifyMs),
    };
  } finally {
    await Promise.all([batchPool?.close(), baselinePool?.close()]);
    await releaseSnarkjsCurve();
    rmSync(dir, { recursive: true, force: true });
  }
}
