import { Command } from 'commander';
import { DEFAULT_DATABASE_PATH, openDatabase } from '../../db/index.js';
import { ingestFiles } from '../../ingest/index.js';
import { formatIngestSummary } from '../format-ingest-summary.js';
import { terminalIngestProgress } from '../ingest-progress.js';
import { TerminalProgress } from '../terminal-progress.js';

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('load usage files into DuckDB: every row ends in `trips` or in `quarantine` with a reason')
    .requiredOption('--input <paths...>', 'files, directories or globs (.csv .jsonl .parquet .arrow)')
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .action(async (options: { input: string[]; db: string }) => {
      const database = await openDatabase(options.db);
      const display = new TerminalProgress();
      try {
        const summary = await ingestFiles(database.connection, { inputs: options.input, progress: terminalIngestProgress(display) });
        process.stdout.write(`${formatIngestSummary(summary)}\n`);
      } finally {
        display.stop();
        database.close();
      }
    });
}
