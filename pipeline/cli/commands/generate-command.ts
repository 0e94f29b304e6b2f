import { resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import {
  DEFAULT_START,
  defaultOwnersPath,
  generateOwners,
  generateTrips,
  parseStartDate,
  tripFileFormat,
  writeOwnersFile,
  writeTripsFile,
} from '../../generate/index.js';
import { parseNonNegativeInteger, parsePositiveInteger } from '../parse-options.js';

interface GenerateCommandOptions {
  users: number;
  days: number;
  out: string;
  seed: number;
  start: string;
  /** false with --no-owners */
  owners: boolean;
  ownersOut?: string;
}

/** `stones generate --users N --days D --out FILE [--seed S] [--start YYYY-MM-DD] [--owners-out FILE | --no-owners]` */
export function generateCommand(): Command {
  return new Command('generate')
    .description(
      'write realistic, seeded vehicle-usage trips (format from the extension: .csv .jsonl .parquet .arrow), ' +
        'and the enrolment file of their owners next to them (NAME.owners.EXT)',
    )
    .requiredOption('--users <n>', 'number of owners', parsePositiveInteger('--users'))
    .requiredOption('--days <n>', 'number of days', parsePositiveInteger('--days'))
    .requiredOption('--out <file>', 'output file')
    .option('--seed <n>', 'seed: the same seed gives the same bytes', parseNonNegativeInteger('--seed'), 1)
    .option('--start <YYYY-MM-DD>', 'first day of the window (a local date in every region)', parseStartOption, DEFAULT_START)
    .option('--owners-out <file>', 'where the owners (enrolment) file goes, format from its extension (default: NAME.owners.EXT next to --out)')
    .option('--no-owners', 'write the trips only, no owners file')
    .action(async (options: GenerateCommandOptions) => {
      // Unusable file names fail before any work.
      tripFileFormat(options.out);
      const ownersOut = ownersPathOf(options);
      if (ownersOut !== null) tripFileFormat(ownersOut);
      const generateOptions = { users: options.users, days: options.days, seed: options.seed, start: options.start };
      const trips = await writeOutput(options.out, () => writeTripsFile(generateTrips(generateOptions), options.out));
      process.stdout.write(`generate: ${trips.rows} ${trips.rows === 1 ? 'trip' : 'trips'} (${trips.format}) written to ${options.out}\n`);
      if (ownersOut === null) return;
      const owners = await writeOutput(ownersOut, () => writeOwnersFile(generateOwners(generateOptions), ownersOut));
      process.stdout.write(`generate: ${owners.rows} ${owners.rows === 1 ? 'owner' : 'owners'} (${owners.format}) written to ${ownersOut}\n`);
    });
}

/** The owners file to write, or null with --no-owners. */
function ownersPathOf(options: GenerateCommandOptions): string | null {
  if (!options.owners) {
    if (options.ownersOut !== undefined) throw new UsageError('--owners-out and --no-owners contradict each other: give one of them');
    return null;
  }
  const path = options.ownersOut ?? defaultOwnersPath(options.out);
  if (resolve(path) === resolve(options.out)) throw new UsageError(`--owners-out must differ from --out (both are ${options.out})`);
  return path;
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
async function writeOutput<T>(out: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new UsageError(`cannot write ${out}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
