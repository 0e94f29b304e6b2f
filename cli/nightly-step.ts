// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import type { JobsConnection, NightlyRunResult, NightlyRunStep, WitnessKey } from '../jobs/index.js';
import { fieldToHex } from '../pipeline/commitments/index.js';
import type { AnchorStageOptions } from '../pipeline/anchoring/anchor-stage.js';
import type { WriterLock } from '../pipeline/db/index.js';
import type { BeaconSource } from '../pipeline/beacon/index.js';
import { withPipelineContext } from './pipeline-context.js';
import { nightlyThroughRedis, resumeThroughRedis, runThroughRedis, type AddedHandoff } from './run-through-redis.js';

export interface NightlyStepOptions extends JobsConnection {
  db: string;
  formula: string;
  out: string;
  artifacts?: string;
  /** Where each run's beacon comes from (--beacon-command); without it the demo beacon, logged as such. */
  beaconSource?: BeaconSource;
  /** Seals each batch's witness input for the workers. */
  witnessKey: WitnessKey;
  /** One line of what the coordinator does. */
  log: (line: string) => void;
  /** The coordinator's writer lock of `db`, held for its whole life; each job opens the database under it. */
  lock?: WriterLock;
  /** Record each verified run on a chain (--anchor / --rpc); a retry of a failed anchor resumes the run and sends only what is missing. */
  anchor?: AnchorStageOptions;
}

/**
 * What the coordinator does with a nightly job: opens the database for the job alone (so
 * `stones runs` can read it between runs), loads the files that arrived since the last run and
 * runs their period with the prove stage through BullMQ; remembers the committed run in the
 * job, so a retry resumes it instead of finding nothing new.
 */
export function nightlyStep(options: NightlyStepOptions): NightlyRunStep {
  const { log } = options;
  const openPeriod = (period: string, closesAt: Date): NightlyRunResult => {
    log(`nightly: period ${period}: files loaded, features computed; the period closes at ${closesAt.toISOString()}, its scores are released then`);
    return { status: 'open', period, closesAt: closesAt.toISOString() };
  };
  return (data, context) =>
    withPipelineContext(
      { db: options.db, formula: options.formula, heldLock: options.lock },
      async ({ database, formula, pepper, poseidon, hasher }): Promise<NightlyRunResult> => {
        const startedBy = `scheduler:${context.jobId}`;
        const through = {
          url: options.url,
          prefix: options.prefix,
          witnessKey: options.witnessKey,
          artifactsDir: options.artifacts,
          onFlow: ({ runId, proving, batches }: { runId: string; proving: number; batches: number }) =>
            log(`nightly: run ${runId}: ${proving} of ${batches} batches to prove, waiting for stones workers`),
          onAddedAgain: ({ runId, proving }: { runId: string; proving: number }) =>
            log(`nightly: run ${runId}: flow gone from Redis, ${proving} batches added again`),
        };
        const ended = (runId: string, verified: boolean, handoff: AddedHandoff | undefined): void => {
          log(`nightly: run ${runId}: ${verified ? 'VERIFIED' : 'FAILED verification'}${handoff ? `, handed off as ${handoff.jobId}` : ''}`);
          // Not a user's error: the job is retried, and the retry's resume proves again every batch whose proof does not verify.
          if (!verified) throw new Error(`run ${runId}: the bundle failed verification (stones runs shows the failed checks)`);
        };
        if (data.runId !== undefined) {
          log(`nightly: job ${context.jobId} attempt ${context.attempt}: resuming run ${data.runId}`);
          const run = await resumeThroughRedis(database.connection, {
            ...through,
            runId: data.runId,
            formula,
            beaconSource: options.beaconSource,
            outDir: options.out,
            hasher,
            poseidon,
            startedBy,
            ...(options.anchor ? { anchor: options.anchor } : {}),
          });
          const verified = run.result.verification?.ok === true;
          ended(data.runId, verified, run.handoff);
          return { status: 'resumed', runId: data.runId, period: run.result.resumed.period, verified, handedOff: run.handoff !== undefined };
        }
        const common = {
          ...through,
          inputs: data.inputs,
          timeZone: data.timeZone,
          formula,
          pepper,
          beaconSource: options.beaconSource,
          outDir: options.out,
          hasher,
          poseidon,
          startedBy,
          ...(options.anchor ? { anchor: options.anchor } : {}),
        };
        const onCommitted = async (runId: string): Promise<void> => {
          await context.remember({ runId });
          log(`nightly: job ${context.jobId}: new files committed as run ${runId}`);
        };
        if (data.periodId !== undefined) {
          // Loaded by an earlier attempt that did not get to its commit: that period, again (the files are loaded already).
          log(`nightly: job ${context.jobId} attempt ${context.attempt}: running period ${data.periodId} of the files an earlier attempt loaded`);
          const { result, handoff } = await runThroughRedis(database.connection, { ...common, periodId: data.periodId, onCommitted });
          if (result.status === 'open') return openPeriod(result.period.id, result.closesAt);
          const verified = result.verification?.ok === true;
          ended(result.commit.runId, verified, handoff);
          return { status: 'ran', runId: result.commit.runId, period: result.period.id, verified, handedOff: handoff !== undefined };
        }
        const run = await nightlyThroughRedis(database.connection, {
          ...common,
          onNewFiles: (periodId) => context.remember({ periodId }),
          onCommitted,
        });
        if (run.outcome.status === 'nothing-new') {
          log(
            `nightly: job ${context.jobId}: nothing new in ${data.inputs.join(' ')} (${run.outcome.ingest.files.length} files, all loaded before) and no closed period waiting for its release`,
          );
          return { status: 'nothing-new', files: run.outcome.ingest.files.length };
        }
        if (run.outcome.status === 'open') return openPeriod(run.outcome.result.period.id, run.outcome.result.closesAt);
        const { result } = run.outcome;
        if (result.beacon.demo)
          log(
            `nightly: run ${result.commit.runId}: WARNING: DEMO BEACON (derived from data root ${fieldToHex(result.commit.dataRoot)}), fine for samples only`,
          );
        const verified = result.verification?.ok === true;
        ended(result.commit.runId, verified, run.handoff);
        return { status: 'ran', runId: result.commit.runId, period: result.period.id, verified, handedOff: run.handoff !== undefined };
      },
    );
}
