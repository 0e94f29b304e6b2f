import { join } from 'node:path';
import { defaultOwnersPath, generateOwners, generateTrips, writeOwnersFile, writeTripsFile, type GenerateOptions } from '../../pipeline/generate/index.js';

/** A generated trips file and the enrolment file of its owners, as `stones generate --out` writes them. */
export interface GeneratedInputs {
  trips: string;
  owners: string;
  /** Both paths, for `--input` or RunPipelineOptions.inputs. */
  inputs: string[];
}

/**
 * Writes `<dir>/<name>` (trips) and `<dir>/<name without ext>.owners.<ext>` (their owners'
 * enrolment, the file `stones generate` writes next to the trips): since enrolment, a period
 * scores the owners of the enrolment files, so a run needs both.
 */
export async function writeGeneratedInputs(dir: string, options: GenerateOptions, name = 'trips.csv'): Promise<GeneratedInputs> {
  const trips = join(dir, name);
  const owners = defaultOwnersPath(trips);
  await writeTripsFile(generateTrips(options), trips);
  await writeOwnersFile(generateOwners(options), owners);
  return { trips, owners, inputs: [trips, owners] };
}
