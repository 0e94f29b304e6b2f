import type { DuckDBConnection } from '@duckdb/node-api';
import type { AnchorStageOptions } from '../anchoring/anchor-stage.js';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import { fieldFromHex, fieldToHex } from '../commitments/field-encoding.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { ConfigError, UsageError } from '../errors/index.js';
import { beginAttempt, userAtHost } from '../history/index.js';
import type { BeaconSource } from '../beacon/index.js';
import { demoBeacon, recordedBeacon, type Beacon, type LoadedFormula } from '../scoring/index.js';
import { finishRun, type FinishRunResult } from './finish-run.js';
import { resolveProveOptions, type RunProveOptions } from './run-prove-options.js';

export interface ResumeRunOptions {
  runId: string;
  formula: LoadedFormula;
  /** Only for a run that failed before its beacon was recorded; a recorded beacon is always reused. */
  beacon?: Beacon;
  /** Asked for the beacon of a run that has none recorded, when no beacon is given. */
  beaconSource?: BeaconSource;
  outDir: string;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  prove?: RunProveOptions;
  /** Record the verified run on an EVM chain (the anchor stage): `stones run --rpc` or the local dev chain. */
  anchor?: AnchorStageOptions;
  startedBy?: string;
  /** The time the period's close is judged at (default: now). */
  now?: Date;
}

/** What the run was when the resume started. */
interface ResumedRun {
  runId: string;
  period: string;
  timeZone: string;
  status: string;
  failedStage: string | null;
  failure: string | null;
}

export interface ResumeRunResult extends FinishRunResult {
  resumed: ResumedRun;
  attempt: number;
}

interface StoredRun extends ResumedRun {
  formulaSha256: string;
  dataRoot: string;
}

async function readStoredRun(connection: DuckDBConnection, runId: string): Promise<StoredRun> {
  const reader = await connection.runAndReadAll(
    `SELECT period, time_zone, status, failed_stage, failure, formula_sha256, data_root FROM runs WHERE run_id = $1`,
    [runId],
  );
  const row = reader.getRowObjectsJS()[0];
  if (!row) throw new UsageError(`no run ${runId} in this database (stones runs lists them)`);
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return {
    runId,
    period: String(row.period),
    timeZone: String(row.time_zone),
    status: String(row.status),
    failedStage: text(row.failed_stage),
    failure: text(row.failure),
    formulaSha256: String(row.formula_sha256),
    dataRoot: String(row.data_root),
  };
}

/**
 * `stones run --resume RUN`: the stages after commit, again, on a run that exists. The commit is
 * kept (same run id, data root, users and salts: nothing is loaded or committed), the recorded
 * beacon is reused (a run's beacon never changes), statistics already drawn are republished
 * without spending, publish rewrites the run folder keeping the proofs of the same run, and
 * prove proves only the batches whose proof is missing or does not verify.
 */
export async function resumeRun(connection: DuckDBConnection, options: ResumeRunOptions): Promise<ResumeRunResult> {
  const stored = await readStoredRun(connection, options.runId);
  if (stored.formulaSha256 !== options.formula.sha256) {
    throw new ConfigError(
      `run ${options.runId} was committed under formula ${stored.formulaSha256.slice(0, 12)}…, not ${options.formula.sha256.slice(0, 12)}… (pass its --formula)`,
    );
  }
  const prove = resolveProveOptions(options.prove, options.formula);
  let beacon: Beacon | (() => Promise<Beacon>);
  const recorded = await recordedBeacon(connection, options.runId);
  if (recorded !== undefined) {
    if (options.beacon && fieldToHex(options.beacon.value) !== recorded.hex) {
      throw new UsageError(`run ${options.runId} was already scored with beacon ${recorded.hex}; a run's beacon is fixed once drawn`);
    }
    beacon = recorded;
  } else {
    const dataRoot = fieldFromHex(stored.dataRoot);
    const source = options.beaconSource;
    beacon =
      options.beacon ??
      (source
        ? () => source({ runId: options.runId, dataRoot, period: stored.period, formula: options.formula.formula, connection, anchor: options.anchor })
        : demoBeacon(dataRoot));
  }
  const { formulaSha256: _f, dataRoot: _d, ...resumed } = stored;
  const attempt = await beginAttempt(connection, options.runId, options.startedBy ?? userAtHost());
  const finished = await finishRun(connection, attempt, {
    beacon,
    formula: options.formula,
    outDir: options.outDir,
    hasher: options.hasher,
    poseidon: options.poseidon,
    prove,
    now: options.now,
    ...(options.anchor ? { anchor: options.anchor } : {}),
  });
  return { ...finished, resumed, attempt: attempt.attempt };
}
