import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../../pipeline/errors/index.js';
import { beginAttempt, startedBy } from '../../pipeline/history/index.js';
import { finishRun } from '../../pipeline/run/index.js';
import { formatStatisticsSummary } from '../format-statistics-summary.js';
import { parseBeacon } from '../parse-beacon.js';
import { withPipelineContext } from '../pipeline-context.js';
import { printJson } from '../print-json.js';

/** A run id that is not in `runs` is refused before any history is written for it. */
async function requireRun(connection: DuckDBConnection, runId: string): Promise<void> {
  const reader = await connection.runAndReadAll('SELECT count(*) FROM runs WHERE run_id = $1', [runId]);
  if (Number(reader.getRows()[0]?.[0]) === 0) throw new UsageError(`no run ${runId}: commit the period first (stones commit --period P)`);
}

export interface ScoreOptions {
  run: string;
  beacon: string;
  db: string;
  formula: string;
  out: string;
  json?: boolean;
}

/** `stones score`: the score, statistics and publish stages of a committed run (no proving). */
export async function scoreAction(options: ScoreOptions): Promise<void> {
  const beacon = parseBeacon(options.beacon);
  await withPipelineContext(options, async ({ database, formula, poseidon, hasher }) => {
    // Recorded in run_stages like the embedded run (the run must exist: scoreRun refuses it otherwise).
    await requireRun(database.connection, options.run);
    const attempt = await beginAttempt(database.connection, options.run, startedBy('cli:score'));
    const { score, statistics, publish: published } = await finishRun(database.connection, attempt, { beacon, formula, outDir: options.out, hasher, poseidon });
    if (options.json) {
      printJson({
        run_id: score.runId,
        reused: score.reused,
        users: score.users,
        total_noisy: score.totalNoisy,
        remainder: score.remainder,
        statistics: statistics ?? null,
        run_dir: published.runDir,
      });
      return;
    }
    process.stdout.write(
      `scored: run ${score.runId}, ${score.users} users, S = ${score.totalNoisy}, remainder ${score.remainder} carried to the next period\n` +
        (statistics ? `${formatStatisticsSummary(statistics)}\n` : '') +
        `written: ${published.runDir}\n`,
    );
  });
}
