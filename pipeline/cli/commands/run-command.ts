import { Command } from 'commander';
import { DEFAULT_DATABASE_PATH, openDatabase } from '../../db/index.js';
import { runPipeline } from '../../run/index.js';
import { formatIngestSummary } from '../format-ingest-summary.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { TerminalProgress } from '../terminal-progress.js';

export const SAMPLE_INPUT = 'data-samples/trips.csv';

interface RunOptions {
  input: string[];
  db: string;
  period?: string;
  tz: string;
}

export function runCommand(): Command {
  return new Command('run')
    .description('run the whole pipeline in this process (embedded DuckDB, no Redis); by default on the bundled sample data')
    .option('--input <paths...>', 'usage files, directories or globs to load first', [SAMPLE_INPUT])
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--period <YYYY-MM>', 'the month to run (default: the month most trips of the input files started in)')
    .option('--tz <zone>', 'IANA time zone of the period calendar', 'UTC')
    .action(async (options: RunOptions) => {
      const database = await openDatabase(options.db);
      const display = new TerminalProgress();
      try {
        const result = await runPipeline(database.connection, {
          inputs: options.input,
          periodId: options.period,
          timeZone: options.tz,
          progress: terminalIngestProgress(display),
        });
        process.stdout.write(`${formatIngestSummary(result.ingest)}\n`);
        process.stdout.write(
          `features: period ${result.period.id} (${result.period.timeZone}), ${result.featureUsers} users, in ${options.db}\n`,
        );
      } finally {
        display.stop();
        database.close();
      }
    });
}
