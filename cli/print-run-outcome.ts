import { formatAnchorSummary } from './format-anchor-summary.js';
import { isAbsolute, relative } from 'node:path';
import { fieldToHex } from '../pipeline/commitments/index.js';
import type { ProveRunResult } from '../pipeline/proving/prove/index.js';
import type { AwardsHandoff } from '../pipeline/publishing/index.js';
import type { FeaturesSummary, Period } from '../pipeline/features/index.js';
import type { FinishRunResult, OpenPeriodRun, ReleasedRun } from '../pipeline/run/index.js';
import type { BundleVerification } from '../pipeline/verification/bundle/index.js';
import type { DrawSummary } from '../pipeline/scoring/index.js';
import { formatIngestSummary } from './format-ingest-summary.js';
import { formatProveSummary } from './format-prove-summary.js';
import { formatStatisticsSummary } from './format-statistics-summary.js';
import { formatVerifySummary, formatVerifyVerdict } from './format-verify-summary.js';
import { writeHandoff } from './write-handoff.js';

/** The demo-beacon warning, on stderr, whenever a run used one. */
export function warnDemoBeacon(): void {
  process.stderr.write(
    'WARNING: DEMO BEACON. The noise was drawn from a beacon derived from the data root, which anyone could predict.\n' +
      'WARNING: fine for the bundled samples, never for a real period (stones verify fails it without --allow-demo-beacon): give --beacon-command, a drand client, and --anchor or --rpc.\n',
  );
}

/**
 * The features line: every enrolled owner has a row; trips no score counts (drivers not
 * enrolled, trips before an owner's enrolment) are counted here for the data team, never
 * published.
 */
function formatFeaturesLine(period: Period, features: FeaturesSummary): string {
  const unscored: string[] = [];
  if (features.unenrolledTrips > 0) {
    unscored.push(`${features.unenrolledTrips} trips of ${features.unenrolledDrivers} ${features.unenrolledDrivers === 1 ? 'driver' : 'drivers'} not enrolled`);
  }
  if (features.tripsBeforeEnrolment > 0) unscored.push(`${features.tripsBeforeEnrolment} trips before their owner's enrolment`);
  return (
    `features: period ${period.id} (${period.timeZone}), ${features.users} enrolled owners, ${features.activeUsers} drove` +
    (unscored.length > 0 ? `; not scored: ${unscored.join(', ')}` : '')
  );
}

/** What a run prints of ingest and features, and of the commit when the period was released. */
export function printLoadStages(result: Pick<ReleasedRun, 'ingest' | 'period' | 'features'> & { commit?: ReleasedRun['commit'] }): void {
  const out = process.stdout;
  out.write(`${formatIngestSummary(result.ingest)}\n`);
  out.write(`${formatFeaturesLine(result.period, result.features)}\n`);
  if (result.commit) {
    out.write(`${result.commit.reused ? 'already committed' : 'committed'}: run ${result.commit.runId}, data root ${fieldToHex(result.commit.dataRoot)}\n`);
  }
}

/** A run in a period not closed yet: what was done, and when its scores will be released. */
export function printOpenPeriod(result: OpenPeriodRun): void {
  printLoadStages(result);
  process.stdout.write(
    `open: period ${result.period.id} closes at ${result.closesAt.toISOString()} (its end plus the formula's grace days): ` +
      'its scores and awards are released once, by the first run after that; nothing committed, scored or spent\n',
  );
}

/**
 * What a run or a resume prints of the stages after commit: score, statistics, publish, prove
 * and verify. A bundle of our own that fails a regulator's check is a bug or a broken install:
 * every check is shown and the exit code is 1.
 */
export function printFinishStages(result: FinishRunResult): void {
  const out = process.stdout;
  const { score } = result;
  out.write(
    `${score.reused ? 'already scored' : 'scored'}: ${score.users} owners, S = ${score.totalNoisy}, remainder ${score.remainder} carried to the next period\n`,
  );
  out.write(`${formatDrawSummary(score.draw)}\n`);
  const { privacy } = result.publish.manifest;
  out.write(
    `privacy: release ${privacy.release.index} of period ${result.publish.manifest.period}: epsilon ${privacy.epsilon} per user-day at delta ${privacy.delta} ` +
      `(noise sd ${Math.round(privacy.noise_sd)} score units: k ${privacy.k}, n ${privacy.n}); the period's score releases: epsilon ${privacy.release.period_epsilon} of ${privacy.release.period_epsilon_budget}\n`,
  );
  if (result.statistics) out.write(`${formatStatisticsSummary(result.statistics)}\n`);
  out.write(`written: ${result.publish.runDir} (awards.arrow, awards.parquet, receipts.jsonl, bundle/)\n`);
  if (result.prove) out.write(`${formatProveSummary(result.prove as ProveRunResult)}\n`);
  if (result.verification) printVerification(result.verification);
  if (result.anchor) out.write(`anchor: ${formatAnchorSummary(result.anchor, result.anchor.devChain)}`);
}

/** `draw: 99 entrants with 321 entries, 1000 of 1000 stones won (W = 1361958)`. */
function formatDrawSummary(draw: DrawSummary): string {
  if (draw.total === 0n) return `draw: no entrant with a positive noisy score, none of ${draw.stones} stones won`;
  return `draw: ${draw.entrants} entrants with ${draw.entries} entries, ${draw.won} of ${draw.stones} stones won (W = ${draw.total})`;
}

function printVerification(verification: BundleVerification): void {
  if (verification.ok) {
    process.stdout.write(`verify: ${formatVerifyVerdict(verification)}\n`);
    return;
  }
  process.stdout.write(formatVerifySummary(verification));
  process.exitCode = 1;
}

/**
 * The hand-off to the award engine (the data of the run's `awards-ready` job): written to the
 * run folder as handoff.json, and where it is printed.
 */
export async function printHandoff(handoff: AwardsHandoff): Promise<string> {
  const path = await writeHandoff(handoff);
  const shown = relative(process.cwd(), path);
  process.stdout.write(`awards-ready: ${shown.startsWith('..') || isAbsolute(shown) ? path : shown} (stones handoff --run ${handoff.run_id} prints it)\n`);
  return path;
}

/** The hand-off's file, then where it went on the `awards-ready` queue. */
export async function printQueuedHandoff(handoff: { data: AwardsHandoff; jobId: string; added: boolean }): Promise<string> {
  const path = await printHandoff(handoff.data);
  process.stdout.write(
    handoff.added
      ? `handed off: job ${handoff.jobId} on queue awards-ready\n`
      : `handed off before: job ${handoff.jobId} is already on queue awards-ready, not added again\n`,
  );
  return path;
}
