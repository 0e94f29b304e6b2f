import { existsSync } from 'node:fs';
import { openDatabase } from '../../pipeline/db/index.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { parsePeriod } from '../../pipeline/features/index.js';
import { listRuns, readRunStages } from '../../pipeline/history/index.js';
import { formatRunsList, formatRunStages } from '../format-runs.js';

export interface RunsOptions {
  period?: string;
  status?: string;
  limit?: number;
  run?: string;
  db: string;
  json?: boolean;
}

/** `stones runs`: the history of runs, or one run's stages. */
export async function runsAction(options: RunsOptions): Promise<void> {
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
}
