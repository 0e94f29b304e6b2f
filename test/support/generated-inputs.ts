import { join } from 'node:path';
import {
  defaultCrystalsPath,
  defaultOwnersPath,
  generateCrystals,
  generateOwners,
  generateTrips,
  writeCrystalsFile,
  writeOwnersFile,
  writeTripsFile,
  type GenerateOptions,
} from '../../pipeline/generate/index.js';

/** A generated trips file, the enrolment file of its owners and their crystal events, as `stones generate --out` writes them. */
export interface GeneratedInputs {
  trips: string;
  owners: string;
  crystals: string;
  /** The three paths, for `--input` or RunPipelineOptions.inputs. */
  inputs: string[];
}

/**
 * Writes `<dir>/<name>` (trips), `<dir>/<name without ext>.owners.<ext>` (their owners'
 * enrolment) and `<dir>/<name without ext>.crystals.<ext>` (their crystal events), the files
 * `stones generate` writes: a period scores the owners of the enrolment files, and their
 * spends enter its stone draw, so a run's proofs prove a draw with winners.
 */
export async function writeGeneratedInputs(dir: string, options: GenerateOptions, name = 'trips.csv'): Promise<GeneratedInputs> {
  const trips = join(dir, name);
  const owners = defaultOwnersPath(trips);
  const crystals = defaultCrystalsPath(trips);
  await writeTripsFile(generateTrips(options), trips);
  await writeOwnersFile(generateOwners(options), owners);
  await writeCrystalsFile(generateCrystals(options), crystals);
  return { trips, owners, crystals, inputs: [trips, owners, crystals] };
}
