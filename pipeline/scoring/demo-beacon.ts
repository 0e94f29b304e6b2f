import { createHash } from 'node:crypto';
import { fieldToHex } from '../commitments/field-encoding.js';
import { BN254_FIELD_MODULUS } from '../commitments/poseidon/poseidon-hasher.js';
import type { Beacon } from './score-run.js';

/**
 * A stand-in beacon for the bundled samples: derived from the data root, so it is fixed only
 * after the root, but anyone running the pipeline could have predicted it. Never for a real
 * period, where the beacon must be public randomness nobody controls (a randomness-beacon
 * round or a block hash published after the data root).
 */
export function demoBeacon(dataRoot: bigint): Beacon {
  const hex = createHash('sha256')
    .update(`stones demo beacon:${fieldToHex(dataRoot)}`)
    .digest('hex');
  return { hex, value: BigInt(`0x${hex}`) % BN254_FIELD_MODULUS, demo: true };
}
