import { UsageError } from '../pipeline/errors/index.js';
import { beaconCommandSource, type BeaconSource } from '../pipeline/beacon/index.js';
import { beaconToField, type Beacon, type LoadedFormula } from '../pipeline/scoring/index.js';

/** `--beacon HEX`: public randomness fixed after the data root was recorded. */
export function parseBeacon(hex: string): Beacon {
  return { hex, value: beaconToField(hex), demo: false };
}

/**
 * A drand beacon is drawn after the data root is anchored on chain: refuse a drand client
 * without a chain before anything is loaded or committed, not at the score stage.
 */
export function requireChainForDrand(formula: LoadedFormula, options: { beaconCommand?: string; anchor?: boolean; rpc?: string }): void {
  if (options.beaconCommand === undefined || formula.formula.beacon === undefined || options.anchor || options.rpc !== undefined) return;
  throw new UsageError(
    `formula ${formula.formula.id} takes its beacon from drand after the data root is anchored on chain: give --anchor (the local dev chain) or --rpc URL with --beacon-command`,
  );
}

/** `--beacon HEX` or `--beacon-command CMD` (not both): the beacon, or where to get it once the run is committed. */
export function beaconOptions(options: { beacon?: string; beaconCommand?: string }): { beacon?: Beacon; beaconSource?: BeaconSource } {
  if (options.beacon !== undefined && options.beaconCommand !== undefined) throw new UsageError('give --beacon or --beacon-command, not both');
  if (options.beacon !== undefined) return { beacon: parseBeacon(options.beacon) };
  if (options.beaconCommand !== undefined) {
    if (options.beaconCommand.trim() === '') throw new UsageError('--beacon-command needs a command');
    return { beaconSource: beaconCommandSource(options.beaconCommand, (line) => process.stdout.write(`${line}\n`)) };
  }
  return {};
}
