import { UsageError } from '../errors/index.js';
import { startedBy } from '../history/index.js';
import { resumeRun } from '../run/index.js';
import { formatProveSummary } from './format-prove-summary.js';
import { formatStatisticsSummary } from './format-statistics-summary.js';
import { formatVerifySummary, formatVerifyVerdict } from './format-verify-summary.js';
import { parseBeacon } from './parse-beacon.js';
import { withPipelineContext } from './pipeline-context.js';
import { TerminalProgress } from './terminal-progress.js';
import { terminalProveOptions } from './terminal-prove-options.js';

export interface ResumeCliOptions {
  resume: string;
  db: string;
  formula: string;
  beacon?: string;
  out: string;
  prove: boolean;
  artifacts?: string;
  threads?: number;
  redis?: string;
}

/**
 * `stones run --resume RUN`: embedded only (for now); the run's period, time zone and inputs
 * come from the run itself, nothing is loaded or committed again.
 */
export async function resumeFromCli(options: ResumeCliOptions): Promise<void> {
  if (options.redis !== undefined) throw new UsageError('--resume runs embedded only for now: drop --redis');
  const beacon = options.beacon === undefined ? undefined : parseBeacon(options.beacon);
  const display = new TerminalProgress();
  await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
    try {
      const result = await resumeRun(database.connection, {
        runId: options.resume,
        formula,
        beacon,
        outDir: options.out,
        hasher,
        poseidon,
        startedBy: startedBy('cli:run --resume'),
        prove: terminalProveOptions(options, display),
      });
      display.stop();
      const out = process.stdout;
      const { resumed } = result;
      const was = resumed.status === 'failed' ? `failed in ${resumed.failedStage ?? '?'}: ${resumed.failure ?? '?'}` : resumed.status;
      out.write(`resumed: run ${resumed.runId}, period ${resumed.period} (${resumed.timeZone}), was ${was}; attempt ${result.attempt}\n`);
      if (result.beacon.demo) process.stderr.write('WARNING: DEMO BEACON (recorded with the run): fine for the bundled samples, never for a real period.\n');
      out.write(
        `${result.score.reused ? 'already scored' : 'scored'}: ${result.score.users} users, S = ${result.score.totalNoisy}, remainder ${result.score.remainder} carried to the next period\n`,
      );
      if (result.statistics) out.write(`${formatStatisticsSummary(result.statistics)}\n`);
      out.write(`written: ${result.publish.runDir} (awards.arrow, awards.parquet, receipts.jsonl, bundle/)\n`);
      if (result.prove) out.write(`${formatProveSummary(result.prove)}\n`);
      if (result.verification) {
        if (result.verification.ok) out.write(`verify: ${formatVerifyVerdict(result.verification)}\n`);
        else {
          out.write(formatVerifySummary(result.verification));
          process.exitCode = 1;
        }
      }
    } finally {
      display.stop();
    }
  });
}
