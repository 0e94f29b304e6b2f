import { UsageError } from '../pipeline/errors/index.js';
import { beaconToField, commandBeaconSource, type Beacon, type BeaconSource } from '../pipeline/scoring/index.js';

/** `--beacon HEX`: public randomness fixed after the data root was recorded. */
export function parseBeacon(hex: string): Beacon {
  return { hex, value: beaconToField(hex), demo: false };
}

/** `--beacon HEX` or `--beacon-command CMD` (not both): the beacon, or where to get it once the run is committed. */
export function beaconOptions(options: { beacon?: string; beaconCommand?: string }): { beacon?: Beacon; beaconSource?: BeaconSource } {
  if (options.beacon !== undefined && options.beaconCommand !== undefined) throw new UsageError('give --beacon or --beacon-command, not both');
  if (options.beacon !== undefined) return { beacon: parseBeacon(options.beacon) };
  if (options.beaconCommand !== undefined) {
    if (options.beaconCommand.trim() === '') throw new UsageError('--beacon-command needs a command');
    return { beaconSource: commandBeaconSource(options.beaconCommand) };
  }
  return {};
}
