import { existsSync } from 'node:fs';
import { openDatabase } from '../../pipeline/db/index.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { computeFeatures, parsePeriod } from '../../pipeline/features/index.js';
import { dailyCapsOf, loadFormula } from '../../pipeline/scoring/index.js';
import { printJson } from '../print-json.js';

export interface FeaturesOptions {
  period: string;
  tz: string;
  formula: string;
  db: string;
  json?: boolean;
}

/** `stones features`: one period's features under the formula's caps (the same commit computes). */
export async function featuresAction(options: FeaturesOptions): Promise<void> {
  const period = parsePeriod(options.period, options.tz);
  const { formula } = await loadFormula(options.formula);
  if (options.db !== ':memory:' && !existsSync(options.db)) {
    throw new UsageError(`no database at ${options.db}: load trips first with stones ingest, or pass --db`);
  }
  const database = await openDatabase(options.db);
  try {
    const summary = await computeFeatures(database.connection, { period, caps: dailyCapsOf(formula) });
    if (options.json) {
      printJson({ period: period.id, time_zone: period.timeZone, ...summary });
      return;
    }
    const { users } = summary;
    process.stdout.write(`features: period ${period.id}, time zone ${period.timeZone}, ${users} ${users === 1 ? 'user' : 'users'}\n`);
  } finally {
    database.close();
  }
}
