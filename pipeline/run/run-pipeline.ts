import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import { commitPeriod, type CommitResult } from '../commitments/index.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { computeFeatures, parsePeriod, type Period } from '../features/index.js';
import { ingestFiles, type IngestProgress, type IngestSummary } from '../ingest/index.js';
import { artifactsInstance, defaultArtifactsDir, proveRun, requireInstanceOf, type ProveRunResult } from '../proving/prove/index.js';
import { publishRun, type PublishResult } from '../publishing/index.js';
import { dailyCapsOf, demoBeacon, scoreRun, type Beacon, type LoadedFormula, type ScoreResult } from '../scoring/index.js';
import { releaseStatistics, type StatisticsRelease } from '../statistics/index.js';
import { verifyBundle, type BundleVerification } from '../verification/bundle/index.js';
import { periodOfLoads } from './period-of-loads.js';

export interface RunProveOptions {
  /** Default: the committed artifacts of the formula's instance (circuits/artifacts/batch-award-b<B>-n<N>). */
  artifactsDir?: string;
  threads?: number;
  onProof?: (event: { batch: number; proved: number; batches: number; ms: number }) => void;
}

export interface RunPipelineOptions {
  inputs: readonly string[];
  /** 'YYYY-MM'; by default the month most trips of the input files started in. */
  periodId?: string;
  timeZone: string;
  formula: LoadedFormula;
  pepper: bigint;
  /** The public beacon; without one a demo beacon derived from the data root is used. */
  beacon?: Beacon;
  outDir: string;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  progress?: IngestProgress;
  /** Prove every batch after publishing, then verify the bundle as a regulator would. */
  prove?: RunProveOptions;
}

export interface RunPipelineResult {
  ingest: IngestSummary;
  period: Period;
  featureUsers: number;
  commit: CommitResult;
  beacon: Beacon;
  score: ScoreResult;
  /** The released fleet statistics (bundle/stats.json); undefined when the formula has no statistics policy. */
  statistics?: StatisticsRelease;
  publish: PublishResult;
  /** When proving was asked for. */
  prove?: ProveRunResult;
  verification?: BundleVerification;
}

/**
 * The embedded run: every stage in this process, in order, over one DuckDB connection. The
 * job layer calls the same stage functions.
 */
export async function runPipeline(connection: DuckDBConnection, options: RunPipelineOptions): Promise<RunPipelineResult> {
  if (options.periodId) parsePeriod(options.periodId, options.timeZone); // refuse a bad period before loading anything
  // Missing or mismatched artifacts are found before anything is loaded.
  const artifacts = options.prove ? artifactsInstance(options.prove.artifactsDir ?? defaultArtifactsDir(options.formula.formula)) : undefined;
  if (artifacts) requireInstanceOf(artifacts, options.formula.formula);
  const ingest = await ingestFiles(connection, { inputs: options.inputs, progress: options.progress });
  const periodId = options.periodId ?? (await periodOfLoads(connection, ingest.files.map((f) => f.loadId), options.timeZone));
  const period = parsePeriod(periodId, options.timeZone);
  const { users } = await computeFeatures(connection, { period, caps: dailyCapsOf(options.formula.formula) });
  const commit = await commitPeriod(connection, { period, formula: options.formula, pepper: options.pepper, hasher: options.hasher, poseidon: options.poseidon });
  const beacon = options.beacon ?? demoBeacon(commit.dataRoot);
  const score = await scoreRun(connection, { runId: commit.runId, beacon, formula: options.formula, hasher: options.hasher, poseidon: options.poseidon });
  const statistics = await releaseStatistics(connection, { runId: commit.runId, formula: options.formula });
  const publish = await publishRun(connection, { runId: commit.runId, outDir: options.outDir, formula: options.formula, poseidon: options.poseidon, hasher: options.hasher, statistics });
  const result: RunPipelineResult = { ingest, period, featureUsers: users, commit, beacon, score, statistics, publish };
  if (!options.prove || !artifacts) return result;
  const bundleDir = join(publish.runDir, 'bundle');
  result.prove = await proveRun({
    connection,
    runId: commit.runId,
    formula: options.formula,
    artifactsDir: artifacts.dir,
    bundleDir,
    threads: options.prove.threads,
    poseidon: options.poseidon,
    onProof: options.prove.onProof,
  });
  result.verification = await verifyBundle(bundleDir, {
    poseidon: options.poseidon,
    hasher: options.hasher,
    publishedFormulaSha256: options.formula.sha256,
    verificationKeyPath: artifacts.verificationKeyPath,
  });
  return result;
}
