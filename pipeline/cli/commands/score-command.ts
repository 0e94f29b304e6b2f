import type { DuckDBConnection } from '@duckdb/node-api';
import { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { DEFAULT_DATABASE_PATH } from '../../db/index.js';
import { beginAttempt, startedBy } from '../../history/index.js';
import { finishRun } from '../../run/index.js';
import { formatStatisticsSummary } from '../format-statistics-summary.js';
import { parseBeacon } from '../parse-beacon.js';
import { DEFAULT_FORMULA_PATH, DEFAULT_OUT_DIR, withPipelineContext } from '../pipeline-context.js';

/** A run id that is not in `runs` is refused before any history is written for it. */
async function requireRun(connection: DuckDBConnection, runId: string): Promise<void> {
  const reader = await connection.runAndReadAll('SELECT count(*) FROM runs WHERE run_id = $1', [runId]);
  if (Number(reader.getRows()[0]?.[0]) === 0) throw new UsageError(`no run ${runId}: commit the period first (stones commit --period P)`);
}

interface ScoreOptions {
  run: string;
  beacon: string;
  db: string;
  formula: string;
  out: string;
}

export function scoreCommand(): Command {
  return new Command('score')
    .description('draw the verifiable noise of a committed run from a public beacon, compute awards, release the statistics, and write the run folder')
    .requiredOption('--run <run_id>', 'a committed run (stones commit prints it)')
    .requiredOption('--beacon <hex>', 'public randomness fixed after the data root was recorded (e.g. a beacon round or block hash)')
    .option('--formula <path>', 'the published formula', DEFAULT_FORMULA_PATH)
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--out <dir>', 'where run folders are written', DEFAULT_OUT_DIR)
    .action(async (options: ScoreOptions) => {
      const beacon = parseBeacon(options.beacon);
      await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
        // Recorded in run_stages like the embedded run (the run must exist: scoreRun refuses it otherwise).
        await requireRun(database.connection, options.run);
        const attempt = await beginAttempt(database.connection, options.run, startedBy('cli:score'));
        const { score, statistics, publish: published } = await finishRun(database.connection, attempt, { beacon, formula, outDir: options.out, hasher, poseidon });
        process.stdout.write(
          `scored: run ${score.runId}, ${score.users} users, S = ${score.totalNoisy}, remainder ${score.remainder} carried to the next period\n` +
            (statistics ? `${formatStatisticsSummary(statistics)}\n` : '') +
            `written: ${published.runDir}\n`,
        );
      });
    });
}
