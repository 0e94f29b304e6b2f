import { parsePeriod } from '../../features/index.js';
import { startedBy } from '../../history/index.js';
import { awardsHandoffOf } from '../../publishing/index.js';
import { runPipeline, type RunPipelineResult } from '../../run/index.js';
import { coordinatorWitnessKey } from '../coordinator-witness-key.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { beaconOptions } from '../parse-beacon.js';
import { withPipelineContext } from '../pipeline-context.js';
import { printFinishStages, printHandoff, printLoadStages, printOpenPeriod, printQueuedHandoff, warnDemoBeacon } from '../print-run-outcome.js';
import { redisRunEvents } from '../redis-run-events.js';
import { redisUrlOf } from '../redis-url-of.js';
import { resumeFromCli } from '../resume-from-cli.js';
import { runThroughRedis } from '../run-through-redis.js';
import { TerminalProgress } from '../terminal-progress.js';
import { terminalProveOptions } from '../terminal-prove-options.js';

export interface RunOptions {
  input: string[];
  db: string;
  period?: string;
  tz: string;
  formula: string;
  beacon?: string;
  beaconCommand?: string;
  out: string;
  prove: boolean;
  artifacts?: string;
  threads?: number;
  redis?: string;
  prefix: string;
  witnessKey?: string;
  resume?: string;
  now?: Date;
}

function printRun(result: RunPipelineResult): void {
  if (result.status === 'open') return printOpenPeriod(result);
  printLoadStages(result);
  if (result.beacon.demo) warnDemoBeacon();
  printFinishStages(result);
}

/** `stones run`: the whole pipeline in this process, proving here or through Redis. */
export async function runAction(options: RunOptions): Promise<void> {
  if (options.resume !== undefined) return resumeFromCli({ ...options, resume: options.resume });
  // Option errors first: before the pepper is created or the database opened.
  if (options.period !== undefined) parsePeriod(options.period, options.tz);
  const { beacon, beaconSource } = beaconOptions(options);
  const redisUrl = redisUrlOf(options);
  const witnessKey = redisUrl === undefined ? undefined : await coordinatorWitnessKey(options.witnessKey, (line) => process.stdout.write(`${line}\n`));
  const display = new TerminalProgress();
  await withPipelineContext(options, async ({ database, formula, pepper, poseidon, hasher }) => {
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
        if (run.handoff) printQueuedHandoff(run.handoff);
        return;
      }
      const result = await runPipeline(database.connection, { ...stages, startedBy: startedBy('cli:run'), prove: terminalProveOptions(options, display) });
      display.stop();
      printRun(result);
      // The same hand-off a run through Redis adds to the awards-ready queue, unless the bundle failed its check.
      if (result.status === 'released' && result.verification?.ok !== false) printHandoff(await awardsHandoffOf(result.publish.runDir));
    } finally {
      display.stop();
    }
  });
}
