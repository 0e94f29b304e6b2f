import { Command } from 'commander';

export function runCommand(): Command {
  return new Command('run').description('run the whole pipeline on the bundled sample data (embedded DuckDB, no Redis)');
}
