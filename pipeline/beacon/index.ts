export type { BeaconSource } from './beacon-source.js';
export { commandBeaconSource } from './command-beacon-source.js';
export { beaconCommandSource } from './beacon-command-source.js';
