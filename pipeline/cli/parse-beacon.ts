import { beaconToField, type Beacon } from '../scoring/index.js';

/** `--beacon HEX`: public randomness fixed after the data root was recorded. */
export function parseBeacon(hex: string): Beacon {
  return { hex, value: beaconToField(hex), demo: false };
}
