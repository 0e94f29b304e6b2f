import { Command } from 'commander';
import { dbOption, jsonOption } from '../options/index.js';
import type { IngestOptions } from '../actions/ingest-action.js';

export function ingestCommand(): Command {
  return (
    new Command('ingest')
      .description('load usage files into DuckDB: every row ends in `trips` or in `quarantine` with a reason')
      .requiredOption('--input <paths...>', 'files, directories or globs (.csv .jsonl .parquet .arrow)')
      .addOption(dbOption())
      .addOption(jsonOption())
      // DuckDB and the readers load only when the command runs.
      .action(async (options: IngestOptions) => (await import('../actions/ingest-action.js')).ingestAction(options))
  );
}
