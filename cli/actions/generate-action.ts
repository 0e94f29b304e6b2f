import { resolve } from 'node:path';
import { UsageError } from '../../pipeline/errors/index.js';
import {
  defaultCrystalsPath,
  defaultOwnersPath,
  generateCrystals,
  generateOwners,
  generateTrips,
  tripFileFormat,
  writeCrystalsFile,
  writeOwnersFile,
  writeTripsFile,
} from '../../pipeline/generate/index.js';
import { printJson } from '../print-json.js';

export interface GenerateCommandOptions {
  users: number;
  days: number;
  out: string;
  seed: number;
  start: string;
  /** false with --no-owners */
  owners: boolean;
  ownersOut?: string;
  /** false with --no-crystals */
  crystals: boolean;
  crystalsOut?: string;
  json?: boolean;
}

/** `stones generate`: seeded trips, the enrolment file of their owners and the owners' crystal events. */
export async function generateAction(options: GenerateCommandOptions): Promise<void> {
  // Unusable file names fail before any work.
  tripFileFormat(options.out);
  const ownersOut = ownersPathOf(options);
  if (ownersOut !== null) tripFileFormat(ownersOut);
  const crystalsOut = crystalsPathOf(options, ownersOut);
  if (crystalsOut !== null) tripFileFormat(crystalsOut);
  const generateOptions = { users: options.users, days: options.days, seed: options.seed, start: options.start };
  const trips = await writeOutput(options.out, () => writeTripsFile(generateTrips(generateOptions), options.out));
  if (!options.json) process.stdout.write(`generate: ${trips.rows} ${trips.rows === 1 ? 'trip' : 'trips'} (${trips.format}) written to ${options.out}\n`);
  const owners = ownersOut === null ? null : await writeOutput(ownersOut, () => writeOwnersFile(generateOwners(generateOptions), ownersOut));
  const crystals = crystalsOut === null ? null : await writeOutput(crystalsOut, () => writeCrystalsFile(generateCrystals(generateOptions), crystalsOut));
  if (options.json) {
    printJson({
      trips: { path: options.out, ...trips },
      owners: owners === null ? null : { path: ownersOut, ...owners },
      crystals: crystals === null ? null : { path: crystalsOut, ...crystals },
    });
    return;
  }
  if (owners !== null) process.stdout.write(`generate: ${owners.rows} ${owners.rows === 1 ? 'owner' : 'owners'} (${owners.format}) written to ${ownersOut}\n`);
  if (crystals !== null) {
    process.stdout.write(`generate: ${crystals.rows} crystal ${crystals.rows === 1 ? 'event' : 'events'} (${crystals.format}) written to ${crystalsOut}\n`);
  }
}

/** The crystal events file to write, or null with --no-crystals. */
function crystalsPathOf(options: GenerateCommandOptions, ownersOut: string | null): string | null {
  if (!options.crystals) {
    if (options.crystalsOut !== undefined) throw new UsageError('--crystals-out and --no-crystals contradict each other: give one of them');
    return null;
  }
  const path = options.crystalsOut ?? defaultCrystalsPath(options.out);
  if (resolve(path) === resolve(options.out)) throw new UsageError(`--crystals-out must differ from --out (both are ${options.out})`);
  if (ownersOut !== null && resolve(path) === resolve(ownersOut)) throw new UsageError(`--crystals-out must differ from the owners file (both are ${path})`);
  return path;
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
