import { Command } from 'commander';
import { fieldToHex } from '../../commitments/index.js';
import { DEFAULT_DATABASE_PATH } from '../../db/index.js';
import { parsePeriod } from '../../features/index.js';
import { runPipeline } from '../../run/index.js';
import { formatIngestSummary } from '../format-ingest-summary.js';
import { formatStatisticsSummary } from '../format-statistics-summary.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { parseBeacon } from '../parse-beacon.js';
import { DEFAULT_FORMULA_PATH, DEFAULT_OUT_DIR, withPipelineContext } from '../pipeline-context.js';
import { TerminalProgress } from '../terminal-progress.js';
import { formatVerifySummary, formatVerifyVerdict } from '../format-verify-summary.js';
import { parsePositiveInteger } from '../parse-options.js';
import { progressBar } from '../progress-bar.js';
import { formatProveSummary } from '../format-prove-summary.js';
import { runThroughRedis } from '../run-through-redis.js';
import { resumeFromCli } from '../resume-from-cli.js';
import { startedBy } from '../../history/index.js';
import type { RunPipelineResult } from '../../run/index.js';
import { awardsHandoffOf, type AwardsHandoff } from '../../publishing/index.js';
// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { DEFAULT_QUEUE_PREFIX, redactRedisUrl } from '../../../jobs/index.js';
import { terminalProveOptions } from '../terminal-prove-options.js';

export const SAMPLE_INPUT = 'data-samples/trips.csv';

interface RunOptions {
  input: string[];
  db: string;
  period?: string;
  tz: string;
  formula: string;
  beacon?: string;
  out: string;
  prove: boolean;
  artifacts?: string;
  threads?: number;
  redis?: string;
  prefix: string;
  resume?: string;
}

/** What both kinds of run print of the stages before proving. */
function printStages(result: RunPipelineResult): void {
  const out = process.stdout;
  out.write(`${formatIngestSummary(result.ingest)}\n`);
  out.write(`features: period ${result.period.id} (${result.period.timeZone}), ${result.featureUsers} users\n`);
  out.write(`${result.commit.reused ? 'already committed' : 'committed'}: run ${result.commit.runId}, data root ${fieldToHex(result.commit.dataRoot)}\n`);
  if (result.beacon.demo) {
    process.stderr.write(
      'WARNING: DEMO BEACON. The noise was drawn from a beacon derived from the data root, which anyone could predict.\n' +
        'WARNING: fine for the bundled samples, never for a real period: pass --beacon with public randomness published after the data root.\n',
    );
  }
  out.write(`scored: ${result.score.users} users, S = ${result.score.totalNoisy}, remainder ${result.score.remainder} carried to the next period\n`);
  if (result.statistics) out.write(`${formatStatisticsSummary(result.statistics)}\n`);
  out.write(`written: ${result.publish.runDir} (awards.arrow, awards.parquet, receipts.jsonl, bundle/)\n`);
}

/** The hand-off to the award engine, as one line of JSON: the data of the run's `awards-ready` job. */
function printHandoff(handoff: AwardsHandoff): void {
  process.stdout.write(`awards-ready: ${JSON.stringify(handoff)}\n`);
}

export function runCommand(): Command {
  return new Command('run')
    .description('run the whole pipeline in this process (embedded DuckDB, no Redis); by default on the bundled sample data')
    .option('--input <paths...>', 'usage files, directories or globs to load first', [SAMPLE_INPUT])
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--period <YYYY-MM>', 'the month to run (default: the month most trips of the input files started in)')
    .option('--tz <zone>', 'IANA time zone of the period calendar', 'UTC')
    .option('--formula <path>', 'the published formula', DEFAULT_FORMULA_PATH)
    .option('--beacon <hex>', 'public randomness fixed after the data root (default: a DEMO beacon, for samples only)')
    .option('--out <dir>', 'where run folders are written', DEFAULT_OUT_DIR)
    .option('--no-prove', 'stop after publishing: no proofs, no verification')
    .option('--artifacts <dir>', "the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-b<B>-n<N>)")
    .option('--threads <n>', 'prove worker threads (default: one per CPU)', parsePositiveInteger('--threads'))
    .option('--redis <url>', 'prove through BullMQ: this process runs the DuckDB stages and `stones worker` processes prove the batches (default: REDIS_URL; without either, everything runs here)')
    .option('--resume <run_id>', 'continue a run that failed (stones runs lists them): the stages after its commit, keeping its run id, beacon and proofs; embedded only')
    .option('--prefix <name>', 'key prefix of the queues in Redis, one per deployment sharing a Redis', DEFAULT_QUEUE_PREFIX)
    .action(async (options: RunOptions) => {
      if (options.resume !== undefined) return resumeFromCli({ ...options, resume: options.resume });
      // Option errors first: before the pepper is created or the database opened.
      if (options.period !== undefined) parsePeriod(options.period, options.tz);
      const beacon = options.beacon === undefined ? undefined : parseBeacon(options.beacon);
      const display = new TerminalProgress();
      const redisUrl = (options.redis ?? process.env['REDIS_URL'])?.trim() || undefined;
      if (redisUrl !== undefined && options.prove) {
        await withPipelineContext(options, async ({ database, formula, pepper, poseidon, hasher }) => {
          try {
            const run = await runThroughRedis(database.connection, {
              url: redisUrl,
              prefix: options.prefix,
              artifactsDir: options.artifacts,
              inputs: options.input,
              periodId: options.period,
              timeZone: options.tz,
              formula,
              pepper,
              beacon,
              outDir: options.out,
              hasher,
              poseidon,
              startedBy: startedBy('cli:run --redis'),
              progress: terminalIngestProgress(display),
              onStaged: (result) => {
                display.stop();
                printStages(result);
              },
              onFlow: ({ runId, parentId, added, batches }) => {
                const where = `Redis ${redactRedisUrl(redisUrl)}, prefix ${options.prefix}`;
                process.stdout.write(
                  added
                    ? `flow: run ${runId}, ${batches} prove-batch jobs under ${parentId} (${where}); waiting for stones workers\n`
                    : `flow: run ${runId} is already in Redis (${parentId}, ${where}); following it\n`,
                );
                display.start('proving');
              },
              onProved: ({ proved, batches }) => display.update(progressBar(proved, batches, 'batches proved')),
            });
            display.stop();
            const out = process.stdout;
            const mean = run.batchMs.reduce((a, b) => a + b, 0) / Math.max(1, run.batchMs.length);
            out.write(
              `proved: ${run.batches} batches with ${run.circuit} by stones workers in ${(run.proveMs / 1000).toFixed(1)} s` +
                (run.batchMs.length > 0 ? ` (${(mean / 1000).toFixed(1)} s per proof)\n` : '\n'),
            );
            if (run.verification === undefined) {
              out.write(`verify: ${run.finalize.verdict} (finalized by another coordinator)\n`);
              if (!run.finalize.ok) process.exitCode = 1;
            } else if (run.verification.ok) out.write(`verify: ${formatVerifyVerdict(run.verification)}\n`);
            else {
              out.write(formatVerifySummary(run.verification));
              process.exitCode = 1;
            }
            if (run.handoff) {
              printHandoff(run.handoff.data);
              out.write(
                run.handoff.added
                  ? `handed off: job ${run.handoff.jobId} on queue awards-ready\n`
                  : `handed off before: job ${run.handoff.jobId} is already on queue awards-ready, not added again\n`,
              );
            }
          } finally {
            display.stop();
          }
        });
        return;
      }
      await withPipelineContext(options, async ({ database, formula, pepper, poseidon, hasher }) => {
        try {
          const result = await runPipeline(database.connection, {
            inputs: options.input,
            periodId: options.period,
            timeZone: options.tz,
            formula,
            pepper,
            beacon,
            outDir: options.out,
            hasher,
            poseidon,
            startedBy: startedBy('cli:run'),
            progress: terminalIngestProgress(display),
            prove: terminalProveOptions(options, display),
          });
          display.stop();
          printStages(result);
          const out = process.stdout;
          if (result.prove) out.write(`${formatProveSummary(result.prove)}\n`);
          if (result.verification) {
            if (result.verification.ok) out.write(`verify: ${formatVerifyVerdict(result.verification)}\n`);
            else {
              // Our own bundle failing a regulator's check is a bug or a broken install: show everything.
              out.write(formatVerifySummary(result.verification));
              process.exitCode = 1;
            }
          }
          // The same hand-off a run through Redis adds to the awards-ready queue, unless the bundle failed its check.
          if (result.verification?.ok !== false) printHandoff(await awardsHandoffOf(result.publish.runDir));
        } finally {
          display.stop();
        }
      });
    });
}
