import { fieldToHex } from '../commitments/field-encoding.js';
import { BeaconError } from '../errors/beacon-error.js';
import { UsageError } from '../errors/usage-error.js';
import { beaconToField } from '../scoring/beacon-to-field.js';
import type { BeaconRequest } from './beacon-source.js';
import type { Beacon } from '../scoring/score-run.js';
import { BEACON_COMMAND_TIMEOUT_MS, runBeaconCommand } from './run-beacon-command.js';

/**
 * A beacon source that runs a shell command of the operator's (`--beacon-command`) for a
 * formula that pins no drand network: the command gets STONES_RUN_ID, STONES_DATA_ROOT (0x
 * hex) and STONES_PERIOD in its environment and prints the beacon, 1 to 64 hex digits, on
 * stdout. Such a beacon is not authenticated: `stones verify` refuses it like the demo beacon.
 */
export function commandBeaconSource(
  command: string,
  timeoutMs = BEACON_COMMAND_TIMEOUT_MS,
): (request: Pick<BeaconRequest, 'runId' | 'dataRoot' | 'period'>) => Promise<Beacon> {
  return async ({ runId, dataRoot, period }) => {
    const hex = await runBeaconCommand(command, { STONES_RUN_ID: runId, STONES_DATA_ROOT: fieldToHex(dataRoot), STONES_PERIOD: period }, timeoutMs);
    try {
      return { hex, value: beaconToField(hex), demo: false };
    } catch (error) {
      if (error instanceof UsageError) {
        throw new BeaconError(`the beacon command ${JSON.stringify(command)} printed ${JSON.stringify(hex.slice(0, 80))}, not 1 to 64 hex digits`);
      }
      throw error;
    }
  };
}
