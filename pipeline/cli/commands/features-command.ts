import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_DATABASE_PATH, openDatabase } from '../../db/index.js';
import { UsageError } from '../../errors/index.js';
import { computeFeatures, DEFAULT_DAILY_CAPS, parsePeriod } from '../../features/index.js';

interface FeaturesOptions {
  period: string;
  tz: string;
  db: string;
}

/** `stones features --period YYYY-MM [--tz ZONE] [--db PATH]` */
export function featuresCommand(): Command {
  return new Command('features')
    .description('compute the per-user features of one period (a local calendar month) into the features table, replacing that period')
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-11')
    .option('--tz <zone>', 'IANA time zone of the local calendar (days, month, night hours)', 'UTC')
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .action(async (options: FeaturesOptions) => {
      const period = parsePeriod(options.period, options.tz);
      if (options.db !== ':memory:' && !existsSync(options.db)) {
        throw new UsageError(`no database at ${options.db}: load trips first with stones ingest, or pass --db`);
      }
      const database = await openDatabase(options.db);
      try {
        const { users } = await computeFeatures(database.connection, { period, caps: DEFAULT_DAILY_CAPS });
        process.stdout.write(`features: period ${period.id}, time zone ${period.timeZone}, ${users} ${users === 1 ? 'user' : 'users'}\n`);
      } finally {
        database.close();
      }
    });
}
