import type { BeaconSource } from './beacon-source.js';
import { commandBeaconSource } from './command-beacon-source.js';
import { commandDrandRound } from './command-drand-round.js';
import { drandBeaconSource } from './drand-beacon-source.js';

/**
 * `--beacon-command CMD`: under a formula that pins a drand network, CMD is a drand client
 * asked for the round due after the data root's anchor (printing drand's JSON); under one that
 * pins none, CMD prints a beacon in hex (not authenticated: verify refuses it as it does the demo beacon).
 */
export function beaconCommandSource(command: string, progress?: (line: string) => void): BeaconSource {
  const drand = drandBeaconSource({ fetchRound: commandDrandRound(command), ...(progress ? { progress } : {}) });
  const hex = commandBeaconSource(command);
  return (request) => (request.formula.beacon === undefined ? hex(request) : drand(request));
}
