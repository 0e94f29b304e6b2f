import { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { DEFAULT_START, generateTrips, parseStartDate, tripFileFormat, writeTripsFile } from '../../generate/index.js';
import { parseNonNegativeInteger, parsePositiveInteger } from '../parse-options.js';

interface GenerateCommandOptions {
  users: number;
  days: number;
  out: string;
  seed: number;
  start: string;
}

/** `stones generate --users N --days D --out FILE [--seed S] [--start YYYY-MM-DD]` */
export function generateCommand(): Command {
  return new Command('generate')
    .description('write realistic, seeded vehicle-usage trips (format from the extension: .csv .jsonl .parquet .arrow)')
    .requiredOption('--users <n>', 'number of owners', parsePositiveInteger('--users'))
    .requiredOption('--days <n>', 'number of days', parsePositiveInteger('--days'))
    .requiredOption('--out <file>', 'output file')
    .option('--seed <n>', 'seed: the same seed gives the same bytes', parseNonNegativeInteger('--seed'), 1)
    .option('--start <YYYY-MM-DD>', 'first day of the window (a local date in every region)', parseStartOption, DEFAULT_START)
    .action(async (options: GenerateCommandOptions) => {
      tripFileFormat(options.out); // an unusable file name fails before any work
      const trips = generateTrips({ users: options.users, days: options.days, seed: options.seed, start: options.start });
      const { rows, format } = await writeOutput(trips, options.out);
      process.stdout.write(`generate: ${rows} ${rows === 1 ? 'trip' : 'trips'} (${format}) written to ${options.out}\n`);
    });
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

/** A file system refusal (no permission, a directory in the way) is the user's to fix: one line, no stack. */
async function writeOutput(trips: ReturnType<typeof generateTrips>, out: string): ReturnType<typeof writeTripsFile> {
  try {
    return await writeTripsFile(trips, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new UsageError(`cannot write ${out}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
