import { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { DEFAULT_DATABASE_PATH } from '../../db/index.js';
import { parsePeriod } from '../../features/index.js';
import { startedBy } from '../../history/index.js';
import { awardsHandoffOf } from '../../publishing/index.js';
import { runPipeline, type RunPipelineResult } from '../../run/index.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { beaconOptions } from '../parse-beacon.js';
import { parsePositiveInteger } from '../parse-options.js';
import { DEFAULT_FORMULA_PATH, DEFAULT_OUT_DIR, withPipelineContext } from '../pipeline-context.js';
import { printFinishStages, printHandoff, printLoadStages, printOpenPeriod, printQueuedHandoff, warnDemoBeacon } from '../print-run-outcome.js';
import { redisRunEvents } from '../redis-run-events.js';
import { resumeFromCli } from '../resume-from-cli.js';
import { runThroughRedis } from '../run-through-redis.js';
import { TerminalProgress } from '../terminal-progress.js';
import { terminalProveOptions } from '../terminal-prove-options.js';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { DEFAULT_QUEUE_PREFIX } from '../../../jobs/index.js';
import { redisUrlOf } from '../redis-url-of.js';
import { coordinatorWitnessKey } from '../coordinator-witness-key.js';

/** The bundled sample: its trips and the enrolment file of its owners (data-samples/README.md). */
export const SAMPLE_INPUTS: readonly string[] = ['data-samples/trips.csv', 'data-samples/trips.owners.csv'];

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

/** `--now`: an ISO date-time, the instant the run acts at. */
function parseNow(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--now must be an ISO date or date-time, got "${value}"`);
  return date;
}

export function runCommand(): Command {
  return new Command('run')
    .description('run the whole pipeline in this process (embedded DuckDB, no Redis); by default on the bundled sample data')
    .option('--input <paths...>', 'usage and enrolment files, directories or globs to load first', [...SAMPLE_INPUTS])
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--period <YYYY-MM>', 'the month to run, e.g. to backfill a past one (default: the month most trips of the input files started in)')
    .option('--tz <zone>', 'IANA time zone of the period calendar', 'UTC')
    .option('--formula <path>', 'the published formula', DEFAULT_FORMULA_PATH)
    .option('--beacon <hex>', 'public randomness fixed after the data root (default: a DEMO beacon, for samples only)')
    .option('--beacon-command <cmd>', 'a shell command that prints the beacon (1 to 64 hex digits) once public randomness after the data root exists; it gets STONES_RUN_ID, STONES_DATA_ROOT and STONES_PERIOD')
    .option('--out <dir>', 'where run folders are written', DEFAULT_OUT_DIR)
    .option('--no-prove', 'stop after publishing: no proofs, no verification')
    .option('--artifacts <dir>', "the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-v2-b<B>-n<N>)")
    .option('--threads <n>', 'prove worker threads (default: one per CPU)', parsePositiveInteger('--threads'))
    .option('--redis <url>', 'prove through BullMQ: this process runs the DuckDB stages and `stones worker` processes prove the batches (default: REDIS_URL; without either, everything runs here)')
    .option('--resume <run_id>', 'continue a run that failed (stones runs lists them): the stages after its commit, keeping its run id, beacon and valid proofs')
    .option('--prefix <name>', 'key prefix of the queues in Redis, one per deployment sharing a Redis', DEFAULT_QUEUE_PREFIX)
    .option('--witness-key <file>', 'with --redis: the key witness inputs are sealed with for the workers, created (mode 0600) if missing (default: STONES_WITNESS_KEY, else .stones/witness.key)')
    .option('--now <time>', 'act as if it were this ISO date-time when deciding whether the period is closed (replays and tests; default: now)', parseNow)
    .action(async (options: RunOptions) => {
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
    });
}
