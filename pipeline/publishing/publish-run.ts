import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { fieldFromHex, fieldToHex } from '../commitments/field-encoding.js';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { PeriodChainError, UsageError } from '../errors/index.js';
import { drawRandom } from '../draw/index.js';
import { formulaDrawOf, NEIGHBOUR_RELATION, readScoreReleases, scoreNoisePrivacy, type LoadedFormula } from '../scoring/index.js';
import type { StatisticsRelease } from '../statistics/index.js';
import { SCHEMA_VERSIONS } from '../formats/index.js';
import { buildRunTrees } from './build-run-trees.js';
import { writeJsonLines } from './json-lines.js';
import { manifestOf, type Manifest, type ManifestPrevious, type ScoreNoisePrivacyReport } from './manifest.js';
import { manifestRecordSha256 } from './manifest-record-sha256.js';
import { receiptOf } from './receipt.js';
import { readRunSnapshot } from './run-snapshot.js';
import { replaceDirectory } from './replace-directory.js';
import { writeAwardsArrow, writeAwardsParquet } from './write-award-files.js';

export interface PublishRunOptions {
  runId: string;
  /** The parent folder: the run lands in `<outDir>/<run_id>/`. */
  outDir: string;
  formula: LoadedFormula;
  poseidon: PoseidonHasher;
  hasher: BulkHasher;
  /** The run's released statistics (releaseStatistics): written to `bundle/stats.json`. */
  statistics?: StatisticsRelease;
}

export interface PublishResult {
  runDir: string;
  manifest: Manifest;
}

/**
 * The publish stage: awards for the award engine (Arrow IPC and Parquet, with user ids), the
 * public bundle for regulators (manifest, formula, awards by tag, the released statistics) and the private receipts,
 * written into a staging folder and swapped in whole.
 */
/**
 * A re-publish of the same run (a re-run of `stones run` or `stones score`) keeps the proofs of
 * the previous bundle when its manifest, proofs aside, is the same: the prove stage then checks
 * each one against its statement and proves only what is missing or invalid. The manifest's
 * `proofs` section and the key are left out; the prove stage writes them again.
 */
async function keepProofsOfSameRun(oldBundle: string, newBundle: string, manifest: Manifest): Promise<void> {
  const oldManifestPath = join(oldBundle, 'manifest.json');
  if (!existsSync(oldManifestPath) || !existsSync(join(oldBundle, 'proofs'))) return;
  let old: Manifest;
  try {
    old = JSON.parse(await readFile(oldManifestPath, 'utf8')) as Manifest;
  } catch {
    return;
  }
  const { proofs: _proofs, ...unproved } = old;
  if (!isDeepStrictEqual(unproved, JSON.parse(JSON.stringify(manifest)))) return;
  await cp(join(oldBundle, 'proofs'), join(newBundle, 'proofs'), { recursive: true });
}

/** The manifest's privacy report: the formula's figures and this release's place in the period's ledger. */
async function privacyReport(connection: DuckDBConnection, runId: string, period: string, loaded: LoadedFormula): Promise<ScoreNoisePrivacyReport> {
  const { formula } = loaded;
  const privacy = scoreNoisePrivacy(formula);
  const { releases } = await readScoreReleases(connection, period);
  const index = releases.findIndex((release) => release.runId === runId);
  if (index < 0) throw new Error(`run ${runId} is scored but its score release is not in the privacy ledger`);
  const upTo = releases.slice(0, index + 1);
  return {
    mechanism: 'binomial',
    privacy_unit: formula.privacy_unit,
    neighbours: NEIGHBOUR_RELATION,
    n: privacy.n,
    k: privacy.k,
    sensitivity: privacy.sensitivity.toString(),
    lattice_shift: privacy.latticeShift,
    noise_sd: privacy.noiseSd,
    epsilon: privacy.epsilon,
    target_epsilon: privacy.targetEpsilon,
    delta: privacy.delta,
    release: {
      index: index + 1,
      period_epsilon: roundFigure(upTo.reduce((sum, release) => sum + release.epsilon, 0)),
      period_delta: upTo.reduce((sum, release) => sum + release.delta, 0),
      period_epsilon_budget: formula.release.period_epsilon,
    },
  };
}

/** How the manifest names the release the run carries on from: its run id, period and record's SHA-256. */
async function previousOf(connection: DuckDBConnection, runId: string, previousRunId: string | null): Promise<ManifestPrevious | null> {
  if (previousRunId === null) return null;
  const reader = await connection.runAndReadAll('SELECT period, record_sha256, output_dir FROM runs WHERE run_id = $1', [previousRunId]);
  const [period, recorded, outputDir] = reader.getRows()[0] ?? [];
  if (period === undefined) throw new Error(`run ${runId} carries on from run ${previousRunId}, which is not in runs`);
  // A run published before the chain existed has no record hash in runs: its published manifest gives it.
  const sha256 = recorded ?? (outputDir === null || outputDir === undefined ? undefined : await recordOfPublished(String(outputDir)));
  if (sha256 === null || sha256 === undefined) {
    throw new PeriodChainError(
      `run ${runId} carries on from run ${previousRunId} (${String(period)}), which was never published: finish it first (stones run --resume)`,
    );
  }
  return { run_id: previousRunId, period: String(period), manifest_sha256: String(sha256) };
}

async function recordOfPublished(runDir: string): Promise<string | undefined> {
  try {
    return manifestRecordSha256(JSON.parse(await readFile(join(runDir, 'bundle', 'manifest.json'), 'utf8')) as Manifest);
  } catch {
    return undefined;
  }
}

/** Sums of 4-decimal epsilons, without the float noise of the additions. */
function roundFigure(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

export async function publishRun(connection: DuckDBConnection, options: PublishRunOptions): Promise<PublishResult> {
  const snapshot = await readRunSnapshot(connection, options.runId);
  if (snapshot.run.formulaSha256 !== options.formula.sha256) {
    throw new UsageError(`run ${options.runId} was committed under another formula (${snapshot.run.formulaSha256.slice(0, 12)}…)`);
  }
  const trees = await buildRunTrees(options.hasher, options.poseidon, snapshot);
  const previous = await previousOf(connection, options.runId, snapshot.run.previousRunId);
  const drawTerms = {
    formula: formulaDrawOf(options.formula.formula),
    random: drawRandom(options.poseidon, fieldFromHex(snapshot.run.beacon), snapshot.run.period),
  };
  const manifest = manifestOf(snapshot, trees, await privacyReport(connection, options.runId, snapshot.run.period, options.formula), previous, drawTerms);
  const runDir = resolve(options.outDir, options.runId);
  await replaceDirectory(runDir, async (staging) => {
    const bundle = join(staging, 'bundle');
    await mkdir(bundle);
    await writeFile(join(bundle, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await keepProofsOfSameRun(join(runDir, 'bundle'), bundle, manifest);
    await writeFile(join(bundle, 'formula.json'), `${options.formula.canonicalJson}\n`);
    if (options.statistics) await writeFile(join(bundle, 'stats.json'), `${JSON.stringify(options.statistics, null, 2)}\n`);
    await writeJsonLines(
      join(bundle, 'awards.jsonl'),
      snapshot.users.map((u) => ({
        schema_version: SCHEMA_VERSIONS.awards_line,
        user_tag: fieldToHex(u.tag),
        noisy_score: u.noisyScore.toString(),
        award: u.award.toString(),
        draw_wins: u.drawWins.toString(),
        batch: u.batch,
        leaf: u.leafIndex,
      })),
    );
    await writeJsonLines(
      join(staging, 'receipts.jsonl'),
      snapshot.users.map((u) => receiptOf(snapshot.run, u, trees)),
    );
    await writeAwardsArrow(join(staging, 'awards.arrow'), snapshot);
    await writeAwardsParquet(connection, join(staging, 'awards.parquet'), options.runId);
  });
  await connection.run(`UPDATE runs SET status = 'published', output_dir = $2, published_at = now(), record_sha256 = $3 WHERE run_id = $1`, [
    options.runId,
    runDir,
    manifestRecordSha256(manifest),
  ]);
  return { runDir, manifest };
}
