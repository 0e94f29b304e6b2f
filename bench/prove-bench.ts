import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Groth16Proof } from 'snarkjs';
import { HashPool } from '../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../pipeline/commitments/poseidon/index.js';
import { openDatabase, packageRoot } from '../pipeline/db/index.js';
import { UsageError } from '../pipeline/errors/index.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../pipeline/generate/index.js';
import { releaseSnarkjsCurve } from '../pipeline/proving/ceremony/index.js';
import {
  artifactsInstance,
  batchCircuitInput,
  batchSlots,
  ProverPool,
  runDrawBatches,
  proveWorkerFile,
  requireInstanceOf,
  type BatchCircuitInput,
  type BatchProof,
} from '../pipeline/proving/prove/index.js';
import { readRunSnapshot, type RunSnapshot } from '../pipeline/publishing/run-snapshot.js';
import { releasedRun, runPipeline } from '../pipeline/run/index.js';
import { formulaPoseidonHash, loadFormula, parseFormula, publishedFormulaPath, type LoadedFormula } from '../pipeline/scoring/index.js';
import type { ProveBenchSide } from './prove-bench-figures.js';
import type { ProveBenchResult } from './prove-bench-figures.js';
import { singleAwardInput, singleAwardRun, singleAwardWeightsBefore } from './single-award-input.js';
import { SparseBinaryTree } from './sparse-binary-tree.js';

export { formatProveBench, proveBenchFigures, type ProveBenchResult } from './prove-bench-figures.js';

/** The baseline's Merkle depth: 2^20 users, the scale of a fleet of a million. */
const BASELINE_DEPTH = 20;

/** The coins of every formula version 3 instance: one Poseidon hash per owner. */
const BENCH_COINS = 128;

/** The one-owner baseline: the same per-owner checks (OwnerAward) and a depth-20 path. */
export const BASELINE_CIRCUIT = `single-award-v3-d${BASELINE_DEPTH}-n${BENCH_COINS}`;

/** The batch instance of a batch size (circuits/instances/<name>.circom). */
function batchCircuitName(batchSize: number): string {
  return `batch-award-v3-b${batchSize}-n${BENCH_COINS}`;
}

export interface ProveBenchOptions {
  /** Batch sizes to measure, each with its committed instance (8, 16, 32; 2 is the test instance). */
  batchSizes: number[];
  /** Batch proofs counted per batch size (K). */
  batches: number;
  /** Baseline proofs counted, one user each (M). */
  users: number;
  /** Prover threads of each pool. */
  threads: number;
  /** groth16.verify calls timed for each circuit. */
  verifications: number;
  /** Where the batch instances' artifacts (<circuit>/) are; default the repository's circuits/artifacts/. */
  artifactsRoot?: string;
  /** Where the baseline's artifacts (<circuit>/) are; default bench/circuits/artifacts/. */
  baselineArtifactsRoot?: string;
  log?: (line: string) => void;
}

const PEPPER = BigInt(`0xbe9c${'5a'.repeat(29)}`);

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${name} must be a positive whole number, got ${value}`);
}

/** The published formula.json with this batch size, written into `dir` unless it is the published one. */
async function benchFormula(batchSize: number, dir: string): Promise<LoadedFormula> {
  const published = await loadFormula(publishedFormulaPath());
  if (published.formula.noise.n === BENCH_COINS && published.formula.batch_size === batchSize) return published;
  const json = JSON.parse(published.canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = BENCH_COINS;
  json.batch_size = batchSize;
  parseFormula(json, `formula.json with batch_size = ${batchSize}`);
  const path = join(dir, `formula-b${batchSize}.json`);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  return loadFormula(path);
}

/** The baseline circuit's folder: its source, instance, artifacts and ceremony transcript live with the benchmarks. */
const BASELINE_CIRCUITS = join('bench', 'circuits');

/** Constraint count from the ceremony transcript in `<circuits>/ceremony/`, if the repository has it. */
function transcriptConstraints(circuits: string, circuit: string): number | undefined {
  const path = join(packageRoot(), circuits, 'ceremony', `${circuit}.json`);
  if (!existsSync(path)) return undefined;
  const transcript = JSON.parse(readFileSync(path, 'utf8')) as { r1cs?: { constraints?: unknown } };
  return typeof transcript.r1cs?.constraints === 'number' ? transcript.r1cs.constraints : undefined;
}

function baselineArtifacts(root: string, circuit: string): { wasmPath: string; zkeyPath: string; verificationKeyPath: string } {
  const dir = join(root, circuit);
  const files = { wasmPath: join(dir, 'circuit.wasm'), zkeyPath: join(dir, 'circuit.zkey'), verificationKeyPath: join(dir, 'verification_key.json') };
  for (const file of Object.values(files)) {
    if (!existsSync(file)) {
      throw new UsageError(
        `no ${file}: run stones ceremony --circuit ${BASELINE_CIRCUITS}/instances/${circuit}.circom ` +
          `--artifacts ${BASELINE_CIRCUITS}/artifacts --transcripts ${BASELINE_CIRCUITS}/ceremony first`,
      );
    }
  }
  return files;
}

/** Scored owners from the real pipeline: generated trips and enrolments, ingest, features, commit, score, publish. */
async function scoredRun(formula: LoadedFormula, users: number, dir: string, poseidon: PoseidonHasher): Promise<RunSnapshot> {
  const runDir = join(dir, `run-b${formula.formula.batch_size}`);
  const tripsPath = join(runDir, 'trips.csv');
  const ownersPath = join(runDir, 'trips.owners.csv');
  // A few drivers are not enrolled: generate some spare.
  const generate = { users: Math.ceil(users * 1.1) + 4, days: 31, seed: 11, start: '2026-10-01' };
  await writeTripsFile(generateTrips(generate), tripsPath);
  await writeOwnersFile(generateOwners(generate), ownersPath);
  const hasher = new HashPool({ threads: 2 });
  const database = await openDatabase(join(runDir, 'stones.duckdb'));
  try {
    const run = releasedRun(
      await runPipeline(database.connection, {
        inputs: [tripsPath, ownersPath],
        periodId: '2026-10',
        timeZone: 'UTC',
        formula,
        pepper: PEPPER,
        outDir: join(runDir, 'out'),
        hasher,
        poseidon,
      }),
    );
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
  await pool.proveAll(
    Array.from({ length: count }, (_, i) => i),
    (i) => inputs[(start + i) % inputs.length] as BatchCircuitInput,
    async (_i, proof) => {
      proofs.push(proof);
    },
  );
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

/** Honest inputs of one batch instance, from a run scored with the pipeline under that batch size. */
interface BatchInstance {
  batchSize: number;
  circuit: string;
  artifacts: ReturnType<typeof artifactsInstance>;
  inputs: BatchCircuitInput[];
  pool?: ProverPool;
  phases: Phase[];
}

/**
 * Proves `batches` batches of each batch instance asked for and `users` owners with the
 * one-owner baseline (bench/circuits/single-award.circom, the same per-owner checks), all on
 * ProverPools of `threads` threads in this process, from honest inputs built by the real
 * pipeline; then times the regulator's check (groth16.verify) of the proofs. Warm-up proofs
 * (one per thread) are not counted, and the counted proofs alternate between the circuits in
 * two rounds so drift hits all alike.
 */
export async function benchProve(options: ProveBenchOptions): Promise<ProveBenchResult> {
  const log = options.log ?? (() => {});
  for (const [name, value] of [
    ['--batches', options.batches],
    ['--users', options.users],
    ['--threads', options.threads],
    ['--verifications', options.verifications],
  ] as const) {
    checkCount(name, value);
  }
  if (options.batchSizes.length === 0) throw new UsageError('give at least one --batch-size');
  const root = options.artifactsRoot ?? join(packageRoot(), 'circuits', 'artifacts');
  for (const batchSize of options.batchSizes) {
    const zkey = join(root, batchCircuitName(batchSize), 'circuit.zkey');
    if (!existsSync(zkey)) throw new UsageError(`no ${zkey}: run stones ceremony --circuit circuits/instances/${batchCircuitName(batchSize)}.circom first`);
  }
  const baselineFiles = baselineArtifacts(options.baselineArtifactsRoot ?? join(packageRoot(), BASELINE_CIRCUITS, 'artifacts'), BASELINE_CIRCUIT);
  const { threads } = options;

  const dir = mkdtempSync(join(tmpdir(), 'stones-bench-prove-'));
  const instances: BatchInstance[] = [];
  let baselinePool: ProverPool | undefined;
  try {
    const poseidon = await createPoseidon();
    let baselineInputs: BatchCircuitInput[] = [];
    for (const batchSize of options.batchSizes) {
      const formula = await benchFormula(batchSize, dir);
      const artifacts = artifactsInstance(join(root, batchCircuitName(batchSize)));
      requireInstanceOf(artifacts, formula.formula);
      const wanted = Math.max(options.batches * batchSize, options.users, threads * batchSize);
      log(`B = ${batchSize}: scoring at least ${wanted} owners with the pipeline (generate, ingest, features, commit, score, publish) ...`);
      const snapshot = await scoredRun(formula, wanted, dir, poseidon);
      const formulaHash = formulaPoseidonHash(poseidon, formula.formula);
      const slots = batchSlots(snapshot, batchSize);
      // Full batches only (the last may have padding): a batch proof costs the same either way, but a full one proves B owners.
      const fullBatches = slots.flatMap((batch, index) => (batch.every((user) => user !== undefined) ? [index] : []));
      if (fullBatches.length === 0) throw new Error(`the bench run has no full batch of ${batchSize} owners`);
      const draws = runDrawBatches(snapshot, formula.formula);
      const inputs = fullBatches.map((index) => batchCircuitInput(poseidon, snapshot, formula.formula, index, slots[index], formulaHash, draws[index]));
      instances.push({ batchSize, circuit: batchCircuitName(batchSize), artifacts, inputs, phases: [] });
      if (baselineInputs.length === 0) {
        // The baseline proves the owners of the first run, each with its path in a depth-20 tree.
        const tree = new SparseBinaryTree(
          poseidon,
          snapshot.users.map((user) => user.dataLeaf),
          BASELINE_DEPTH,
        );
        const run = singleAwardRun(snapshot, formula.formula, formulaHash);
        const weightsBefore = singleAwardWeightsBefore(snapshot, formula.formula);
        baselineInputs = snapshot.users.map((user, index) =>
          singleAwardInput(poseidon, run, user, tree.root, tree.path(index), weightsBefore[index] as bigint),
        );
      }
      log(
        `B = ${batchSize}: ${inputs.length} full batches for ${options.batches} batch proofs${inputs.length < options.batches ? ' (inputs reused in turn)' : ''}`,
      );
    }

    for (const instance of instances) {
      instance.pool = new ProverPool({ threads, workerFile: proveWorkerFile(), wasmPath: instance.artifacts.wasmPath, zkeyPath: instance.artifacts.zkeyPath });
    }
    baselinePool = new ProverPool({ threads, workerFile: proveWorkerFile(), wasmPath: baselineFiles.wasmPath, zkeyPath: baselineFiles.zkeyPath });
    log(`warm-up: ${threads} proof(s) of each circuit (artifacts loaded, code warmed), not counted ...`);
    for (const instance of instances) await provePhase(instance.pool as ProverPool, instance.inputs, 0, threads);
    await provePhase(baselinePool, baselineInputs, 0, threads);

    const batchRounds = [firstRound(options.batches, threads), options.batches - firstRound(options.batches, threads)];
    const baselineRounds = [firstRound(options.users, threads), options.users - firstRound(options.users, threads)];
    const baselinePhases: Phase[] = [];
    for (let round = 0; round < 2; round += 1) {
      const batchCount = batchRounds[round] as number;
      for (const instance of instances) {
        if (batchCount === 0) continue;
        log(`round ${round + 1}: ${batchCount} proof(s) of B = ${instance.batchSize} ...`);
        instance.phases.push(await provePhase(instance.pool as ProverPool, instance.inputs, round === 0 ? 0 : (batchRounds[0] as number), batchCount));
      }
      const baselineCount = baselineRounds[round] as number;
      if (baselineCount > 0) {
        log(`round ${round + 1}: ${baselineCount} baseline proof(s) ...`);
        baselinePhases.push(await provePhase(baselinePool, baselineInputs, round === 0 ? 0 : (baselineRounds[0] as number), baselineCount));
      }
    }
    await Promise.all([...instances.map((instance) => instance.pool?.close()), baselinePool.close()]);
    for (const instance of instances) instance.pool = undefined;
    baselinePool = undefined;

    log(`verifying: ${options.verifications} groth16.verify of each circuit ...`);
    const side = (circuits: string, circuit: string, usersPerProof: number, phases: Phase[], verifyMs: number): ProveBenchSide => {
      const proofs = phases.flatMap((phase) => phase.proofs);
      return {
        circuit,
        constraints: transcriptConstraints(circuits, circuit),
        usersPerProof,
        proofs: proofs.length,
        users: proofs.length * usersPerProof,
        wallSeconds: phases.reduce((sum, phase) => sum + phase.wallMs, 0) / 1000,
        proofSeconds: mean(proofs.map((proof) => proof.ms)) / 1000,
        verifications: options.verifications,
        verifyMs,
      };
    };
    const batches: ProveBenchSide[] = [];
    for (const instance of instances) {
      const proofs = instance.phases.flatMap((phase) => phase.proofs);
      const verifyMs = await timeVerify(instance.artifacts.verificationKeyPath, proofs, options.verifications, instance.circuit);
      batches.push(side('circuits', instance.circuit, instance.batchSize, instance.phases, verifyMs));
    }
    const baselineVerifyMs = await timeVerify(
      baselineFiles.verificationKeyPath,
      baselinePhases.flatMap((phase) => phase.proofs),
      options.verifications,
      BASELINE_CIRCUIT,
    );
    return {
      coins: BENCH_COINS,
      threads,
      warmUpProofs: threads,
      batches,
      baseline: side(BASELINE_CIRCUITS, BASELINE_CIRCUIT, 1, baselinePhases, baselineVerifyMs),
    };
  } finally {
    await Promise.all([...instances.map((instance) => instance.pool?.close()), baselinePool?.close()]);
    await releaseSnarkjsCurve();
    rmSync(dir, { recursive: true, force: true });
  }
}
