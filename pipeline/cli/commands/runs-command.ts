import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_DATABASE_PATH, openDatabase } from '../../db/index.js';
import { UsageError } from '../../errors/index.js';
import { parsePeriod } from '../../features/index.js';
import { listRuns, readRunStages } from '../../history/index.js';
import { formatRunsList, formatRunStages } from '../format-runs.js';
import { parsePositiveInteger } from '../parse-options.js';

const STATUSES = ['committed', 'scored', 'published', 'failed'];

interface RunsOptions {
  period?: string;
  status?: string;
  limit?: number;
  run?: string;
  db: string;
  json?: boolean;
}

function parseStatus(value: string): string {
  if (!STATUSES.includes(value)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${value}"`);
  return value;
}

export function runsCommand(): Command {
  return new Command('runs')
    .description('the history of runs, newest first: status, period, size, who started it, times, the failed stage; with --run, the timings of each stage')
    .option('--period <YYYY-MM>', 'only runs of this period')
    .option('--status <status>', `only runs in this status (${STATUSES.join(', ')})`, parseStatus)
    .option('--limit <n>', 'at most this many runs', parsePositiveInteger('--limit'))
    .option('--run <run_id>', 'one run and the timings and counts of its stages, attempt by attempt')
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--json', 'print JSON instead of text')
    .action(async (options: RunsOptions) => {
      if (options.period !== undefined) parsePeriod(options.period, 'UTC');
      if (!existsSync(options.db)) throw new UsageError(`no database at ${options.db} (stones run creates it)`);
      // Only reads: also while a coordinator holds the database, between its nightly jobs.
      const database = await openDatabase(options.db, { whenInUse: 'read-only' });
      try {
        const out = process.stdout;
        if (options.run !== undefined) {
          const run = (await listRuns(database.connection)).find((r) => r.run_id === options.run);
          if (!run) throw new UsageError(`no run ${options.run} in ${options.db} (stones runs lists them)`);
          const stages = await readRunStages(database.connection, options.run);
          out.write(options.json ? `${JSON.stringify({ ...run, stages }, null, 2)}\n` : formatRunStages(run, stages));
          return;
        }
        const runs = await listRuns(database.connection, { period: options.period, status: options.status, limit: options.limit });
        out.write(options.json ? `${JSON.stringify(runs, null, 2)}\n` : formatRunsList(runs));
      } finally {
        database.close();
      }
    });
}
