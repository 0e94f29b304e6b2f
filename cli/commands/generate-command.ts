import { Command } from 'commander';
import { UsageError } from '../../pipeline/errors/index.js';
// The start-date parser alone: the writers (DuckDB, Arrow) load only when the command runs.
import { DEFAULT_START, parseStartDate } from '../../pipeline/generate/generate-options.js';
import { jsonOption } from '../options/index.js';
import { parseNonNegativeInteger, parsePositiveInteger } from '../parse-options.js';
import type { GenerateCommandOptions } from '../actions/generate-action.js';

/** `stones generate --users N --days D --out FILE [--seed S] [--start YYYY-MM-DD] [--owners-out FILE | --no-owners] [--crystals-out FILE | --no-crystals]` */
export function generateCommand(): Command {
  return new Command('generate')
    .description(
      'write realistic, seeded vehicle-usage trips (format from the extension: .csv .jsonl .parquet .arrow), ' +
        'the enrolment file of their owners next to them (NAME.owners.EXT) and their crystal events (NAME.crystals.EXT)',
    )
    .requiredOption('--users <n>', 'number of owners', parsePositiveInteger('--users'))
    .requiredOption('--days <n>', 'number of days', parsePositiveInteger('--days'))
    .requiredOption('--out <file>', 'output file')
    .option('--seed <n>', 'seed: the same seed gives the same bytes', parseNonNegativeInteger('--seed'), 1)
    .option('--start <YYYY-MM-DD>', 'first day of the window (a local date in every region)', parseStartOption, DEFAULT_START)
    .option('--owners-out <file>', 'where the owners (enrolment) file goes, format from its extension (default: NAME.owners.EXT next to --out)')
    .option('--no-owners', 'no owners file')
    .option('--crystals-out <file>', 'where the crystal events file goes, format from its extension (default: NAME.crystals.EXT next to --out)')
    .option('--no-crystals', 'no crystal events file')
    .addOption(jsonOption())
    .action(async (options: GenerateCommandOptions) => (await import('../actions/generate-action.js')).generateAction(options));
}

function parseStartOption(value: string): string {
  try {
    parseStartDate(value);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`--start must be a date as YYYY-MM-DD, got "${value}"`);
    throw error;
  }
  return value;
}
