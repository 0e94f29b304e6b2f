import { parsePeriod } from '../../pipeline/features/index.js';
import { startedBy } from '../../pipeline/history/index.js';
import { fieldToHex } from '../../pipeline/commitments/index.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { awardsHandoffOf, type AwardsHandoff } from '../../pipeline/publishing/index.js';
import { runPipeline, type RunPipelineResult } from '../../pipeline/run/index.js';
import { coordinatorWitnessKey } from '../coordinator-witness-key.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { beaconOptions, requireChainForDrand } from '../parse-beacon.js';
import { withPipelineContext } from '../pipeline-context.js';
import { printFinishStages, printHandoff, printLoadStages, printOpenPeriod, printQueuedHandoff, warnDemoBeacon } from '../print-run-outcome.js';
import { redisRunEvents } from '../redis-run-events.js';
import { redisUrlOf } from '../redis-url-of.js';
import { anchorOptions } from '../anchor-options.js';
import { resumeFromCli } from '../resume-from-cli.js';
import { runThroughRedis } from '../run-through-redis.js';
import { divertStdoutToStderr } from '../divert-stdout.js';
import { printJson } from '../print-json.js';
import { TerminalProgress } from '../terminal-progress.js';
import { terminalProveOptions } from '../terminal-prove-options.js';
import type { RunOptions } from './run-options.js';

export type { RunOptions } from './run-options.js';

function printRun(result: RunPipelineResult): void {
  if (result.status === 'open') {
    printOpenPeriod(result);
    return;
  }
  printLoadStages(result);
  if (result.beacon.demo) warnDemoBeacon();
  printFinishStages(result);
}

/** What `stones run --json` prints: the run's result objects, and the hand-off when there is one. */
function runDocument(result: RunPipelineResult, handoff: { data: AwardsHandoff; path: string } | undefined): Record<string, unknown> {
  const loaded = { period: result.period.id, time_zone: result.period.timeZone, ingest: result.ingest, features: result.features };
  if (result.status === 'open') return { status: 'open', ...loaded, closes_at: result.closesAt.toISOString() };
  return {
    status: 'released',
    ...loaded,
    run_id: result.commit.runId,
    commit: { reused: result.commit.reused, users: result.commit.users, batches: result.commit.batches, data_root: fieldToHex(result.commit.dataRoot) },
    demo_beacon: result.beacon.demo,
    beacon_drand: result.beacon.drand ?? null,
    data_root_anchor: result.publish.manifest.data_root_anchor ?? null,
    score: result.score,
    privacy: result.publish.manifest.privacy,
    statistics: result.statistics ?? null,
    run_dir: result.publish.runDir,
    prove: result.prove ?? null,
    verification: result.verification ?? null,
    handoff: handoff?.data ?? null,
    handoff_path: handoff?.path ?? null,
  };
}

/** `stones run`: the whole pipeline in this process, proving here or through Redis; with --json, one document on stdout. */
export async function runAction(options: RunOptions): Promise<void> {
  if (!options.json) {
    await runAndPrint(options);
    return;
  }
  if (options.resume !== undefined)
    throw new UsageError('--json does not go with --resume yet: resume without it (stones runs --run RUN --json shows the run after)');
  const restore = divertStdoutToStderr();
  let document: Record<string, unknown> | undefined;
  try {
    document = await runAndPrint(options);
  } finally {
    restore();
  }
  printJson(document);
}

/** The run, printed as text (on stderr with --json); returns what --json prints. */
async function runAndPrint(options: RunOptions): Promise<Record<string, unknown> | undefined> {
  if (options.resume !== undefined) {
    await resumeFromCli({ ...options, resume: options.resume });
    return undefined;
  }
  // Option errors first: before the pepper is created or the database opened.
  if (options.period !== undefined) parsePeriod(options.period, options.tz);
  const { beacon, beaconSource } = beaconOptions(options);
  const redisUrl = redisUrlOf(options);
  const witnessKey = redisUrl === undefined ? undefined : await coordinatorWitnessKey(options.witnessKey, (line) => process.stdout.write(`${line}\n`));
  const display = new TerminalProgress();
  return withPipelineContext(options, async ({ database, formula, pepper, poseidon, hasher }) => {
    requireChainForDrand(formula, options);
    const stages = {
      inputs: options.input,
      periodId: options.period,
      timeZone: options.tz,
      formula,
      pepper,
      beacon,
      beaconSource,
      outDir: options.out,
      hasher,
      poseidon,
      progress: terminalIngestProgress(display),
      now: options.now,
      ...anchorOptions(options),
    };
    try {
      if (redisUrl !== undefined && witnessKey !== undefined) {
        const run = await runThroughRedis(database.connection, {
          ...stages,
          ...redisRunEvents(redisUrl, options.prefix, display),
          url: redisUrl,
          prefix: options.prefix,
          witnessKey,
          artifactsDir: options.artifacts,
          startedBy: startedBy('cli:run --redis'),
        });
        display.stop();
        printRun(run.result);
        const path = run.handoff ? await printQueuedHandoff(run.handoff) : undefined;
        return runDocument(run.result, run.handoff && path !== undefined ? { data: run.handoff.data, path } : undefined);
      }
      const result = await runPipeline(database.connection, { ...stages, startedBy: startedBy('cli:run'), prove: terminalProveOptions(options, display) });
      display.stop();
      printRun(result);
      // The same hand-off a run through Redis adds to the awards-ready queue, unless the bundle failed its check.
      if (result.status !== 'released' || result.verification?.ok === false) return runDocument(result, undefined);
      const handoff = await awardsHandoffOf(result.publish.runDir);
      return runDocument(result, { data: handoff, path: await printHandoff(handoff) });
    } finally {
      display.stop();
    }
  });
}
