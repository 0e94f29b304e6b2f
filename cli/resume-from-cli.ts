import { anchorOptions } from './anchor-options.js';
import { startedBy } from '../pipeline/history/index.js';
import { resumeRun, type ResumeRunResult } from '../pipeline/run/index.js';
import { beaconOptions, requireChainForDrand } from './parse-beacon.js';
import { withPipelineContext } from './pipeline-context.js';
import { printFinishStages, printQueuedHandoff } from './print-run-outcome.js';
import { redisRunEvents } from './redis-run-events.js';
import { resumeThroughRedis } from './run-through-redis.js';
import { redisUrlOf } from './redis-url-of.js';
import { coordinatorWitnessKey } from './coordinator-witness-key.js';
import type { RunOptions } from './actions/run-options.js';
import { TerminalProgress } from './terminal-progress.js';
import { terminalProveOptions } from './terminal-prove-options.js';

/** The options of `stones run` a resume uses (its inputs, period and zone come from the run). */
export type ResumeCliOptions = Pick<
  RunOptions,
  | 'db'
  | 'formula'
  | 'beacon'
  | 'beaconCommand'
  | 'out'
  | 'prove'
  | 'artifacts'
  | 'threads'
  | 'redis'
  | 'prefix'
  | 'witnessKey'
  | 'now'
  | 'anchor'
  | 'rpc'
  | 'key'
  | 'registry'
  | 'chainDir'
> & { resume: string };

function printResumed(result: ResumeRunResult): void {
  const { resumed } = result;
  const was = resumed.status === 'failed' ? `failed in ${resumed.failedStage ?? '?'}: ${resumed.failure ?? '?'}` : resumed.status;
  process.stdout.write(`resumed: run ${resumed.runId}, period ${resumed.period} (${resumed.timeZone}), was ${was}; attempt ${result.attempt}\n`);
  if (result.beacon.demo) process.stderr.write('WARNING: DEMO BEACON (recorded with the run): fine for the bundled samples, never for a real period.\n');
  printFinishStages(result);
}

/**
 * `stones run --resume RUN`: the run's period, time zone and inputs come from the run itself,
 * nothing is loaded or committed again. With --redis (or REDIS_URL) the batches still without
 * a valid proof go to `stones worker`s as a flow.
 */
export async function resumeFromCli(options: ResumeCliOptions): Promise<void> {
  const { beacon, beaconSource } = beaconOptions(options);
  const redisUrl = redisUrlOf(options);
  const witnessKey = redisUrl === undefined ? undefined : await coordinatorWitnessKey(options.witnessKey, (line) => process.stdout.write(`${line}\n`));
  const display = new TerminalProgress();
  await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
    requireChainForDrand(formula, options);
    const common = { runId: options.resume, formula, beacon, beaconSource, outDir: options.out, hasher, poseidon, now: options.now, ...anchorOptions(options) };
    try {
      if (redisUrl !== undefined && witnessKey !== undefined) {
        const run = await resumeThroughRedis(database.connection, {
          ...common,
          ...redisRunEvents(redisUrl, options.prefix, display),
          url: redisUrl,
          prefix: options.prefix,
          witnessKey,
          artifactsDir: options.artifacts,
          startedBy: startedBy('cli:run --resume --redis'),
        });
        display.stop();
        printResumed(run.result);
        if (run.handoff) await printQueuedHandoff(run.handoff);
        return;
      }
      const result = await resumeRun(database.connection, {
        ...common,
        startedBy: startedBy('cli:run --resume'),
        prove: terminalProveOptions(options, display),
      });
      display.stop();
      printResumed(result);
    } finally {
      display.stop();
    }
  });
}
