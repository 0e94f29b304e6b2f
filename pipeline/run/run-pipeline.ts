import type { DuckDBConnection } from '@duckdb/node-api';
import type { AnchorStageOptions } from '../anchoring/anchor-stage.js';
import type { BeaconSource } from '../beacon/index.js';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import { commitPeriod, type CommitResult } from '../commitments/index.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { computeFeatures, parsePeriod, type FeaturesSummary, type Period } from '../features/index.js';
import { ingestFiles, type IngestProgress, type IngestSummary } from '../ingest/index.js';
import { beginAttempt, measureStage, recordMeasuredStage, userAtHost, type MeasuredStage, type RunAttempt } from '../history/index.js';
import { dailyCapsOf, demoBeacon, isPeriodClosed, periodCloseOf, recordedBeacon, type Beacon, type LoadedFormula } from '../scoring/index.js';
import { finishRun, type FinishRunResult } from './finish-run.js';
import { periodOfLoads } from './period-of-loads.js';
import { resolveProveOptions, type RunProveOptions } from './run-prove-options.js';

export interface RunPipelineOptions {
  inputs: readonly string[];
  /** 'YYYY-MM'; by default the month most trips of the input files started in. */
  periodId?: string;
  timeZone: string;
  formula: LoadedFormula;
  pepper: bigint;
  /** The public beacon; without one, the beacon source's, else a demo beacon derived from the data root. */
  beacon?: Beacon;
  /** Asked for the beacon after the commit (unless the run has one recorded already). */
  beaconSource?: BeaconSource;
  outDir: string;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  progress?: IngestProgress;
  /** Prove every batch after publishing, then verify the bundle as a regulator would. */
  prove?: RunProveOptions;
  /** Record the verified run on an EVM chain (the anchor stage): `stones run --rpc` or the local dev chain. */
  anchor?: AnchorStageOptions;
  /** Who or what started the run, for runs.started_by and run_stages (default `$USER@host`). */
  startedBy?: string;
  /** The ingest stage, when the caller ran it already (the nightly run, to see whether anything is new). */
  ingested?: MeasuredStage<IngestSummary>;
  /** Called once the run is committed and has its id, before the stages after commit (a job remembers it, so a retry resumes the run). */
  onCommitted?: (runId: string) => Promise<void>;
  /** The time the run acts at, for the period's close (default: now). */
  now?: Date;
}

/** A period whose scores were released: the stages before commit, then what finishRun gives (score to verify). */
export interface ReleasedRun extends FinishRunResult {
  status: 'released';
  ingest: IngestSummary;
  period: Period;
  features: FeaturesSummary;
  commit: CommitResult;
  /** The run's history attempt this invocation recorded (run_stages.attempt). */
  attempt: number;
}

/** A period not closed yet: its data is loaded and its features computed; nothing is committed, scored or spent. */
export interface OpenPeriodRun {
  status: 'open';
  ingest: IngestSummary;
  period: Period;
  features: FeaturesSummary;
  /** When the period closes: its end plus the formula's grace days. */
  closesAt: Date;
}

export type RunPipelineResult = ReleasedRun | OpenPeriodRun;

/** The released run of a result that must be one (a closed period): an internal error otherwise. */
export function releasedRun(result: RunPipelineResult): ReleasedRun {
  if (result.status !== 'released') throw new Error(`period ${result.period.id} is open until ${result.closesAt.toISOString()}: nothing was released`);
  return result;
}

/**
 * The embedded run: every stage in this process, in order, over one DuckDB connection. The
 * job layer calls the same stage functions. A period is scored once, at its close (its end
 * plus the formula's grace days): before that the run loads the files, computes the features
 * and stops (status 'open'). Each stage is recorded in run_stages: ingest,
 * features and commit run before the run id exists (it comes from the commit), so their times
 * are measured and written right after the commit; a failure in them leaves no run and no
 * history (the command fails as before). From score on, a stage that throws marks the run
 * failed with the stage and its reason (`stones run --resume RUN` continues it).
 */
export async function runPipeline(connection: DuckDBConnection, options: RunPipelineOptions): Promise<RunPipelineResult> {
  if (options.periodId) parsePeriod(options.periodId, options.timeZone); // refuse a bad period before loading anything
  const prove = resolveProveOptions(options.prove, options.formula);
  const startedBy = options.startedBy ?? userAtHost();
  const ingest = options.ingested ?? (await measureStage(() => ingestFiles(connection, { inputs: options.inputs, progress: options.progress })));
  const periodId =
    options.periodId ??
    (await periodOfLoads(
      connection,
      ingest.value.files.map((f) => f.loadId),
      options.timeZone,
    ));
  const period = parsePeriod(periodId, options.timeZone);
  const features = await measureStage(() => computeFeatures(connection, { period, caps: dailyCapsOf(options.formula.formula) }));
  const { grace_days: graceDays } = options.formula.formula.release;
  if (!isPeriodClosed(period, graceDays, options.now ?? new Date())) {
    return { status: 'open', ingest: ingest.value, period, features: features.value, closesAt: periodCloseOf(period, graceDays) };
  }
  const commit = await measureStage(() =>
    commitPeriod(connection, { period, formula: options.formula, pepper: options.pepper, hasher: options.hasher, poseidon: options.poseidon, startedBy }),
  );
  const attempt = await beginAttempt(connection, commit.value.runId, startedBy);
  await recordEarlyStages(attempt, ingest.value, features.value, commit.value, { ingest, features, commit });
  await options.onCommitted?.(commit.value.runId);
  const { runId, dataRoot } = commit.value;
  const source = options.beaconSource;
  const finished = await finishRun(connection, attempt, {
    beacon:
      options.beacon ??
      (source
        ? async () =>
            (await recordedBeacon(connection, runId)) ??
            (await source({ runId, dataRoot, period: period.id, formula: options.formula.formula, connection, anchor: options.anchor }))
        : demoBeacon(dataRoot)),
    formula: options.formula,
    outDir: options.outDir,
    hasher: options.hasher,
    poseidon: options.poseidon,
    prove,
    now: options.now,
    ...(options.anchor ? { anchor: options.anchor } : {}),
  });
  return { status: 'released', ingest: ingest.value, period, features: features.value, commit: commit.value, ...finished, attempt: attempt.attempt };
}

async function recordEarlyStages(
  attempt: RunAttempt,
  ingest: IngestSummary,
  features: FeaturesSummary,
  commit: CommitResult,
  measured: Record<'ingest' | 'features' | 'commit', Parameters<typeof recordMeasuredStage>[2]>,
): Promise<void> {
  await recordMeasuredStage(attempt, 'ingest', measured.ingest, {
    files: ingest.files.length,
    loaded: ingest.files.filter((f) => f.status === 'loaded').length,
    rows_read: ingest.rowsRead,
    rows_accepted: ingest.rowsAccepted,
    rows_quarantined: ingest.rowsQuarantined,
  });
  await recordMeasuredStage(attempt, 'features', measured.features, {
    users: features.users,
    active_users: features.activeUsers,
    unenrolled_trips: features.unenrolledTrips,
    unenrolled_drivers: features.unenrolledDrivers,
    trips_before_enrolment: features.tripsBeforeEnrolment,
  });
  await recordMeasuredStage(attempt, 'commit', measured.commit, { users: commit.users, batches: commit.batches, reused: commit.reused });
}
