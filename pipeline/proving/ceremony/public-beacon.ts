import { UsageError } from '../../errors/index.js';
import type { PublicBeacon } from './ceremony-types.js';

/** snarkjs's own minimum: 2^10 hash iterations over the beacon. */
const BEACON_ITERATIONS_EXP = 10;

/** Used when no beacon is given; anyone can predict it, so the transcript marks it demo. */
const DEMO_BEACON_HEX = '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/** `--beacon HEX`: public randomness fixed after the last contribution (a beacon round, a block hash). */
export function parseCeremonyBeacon(hex: string | undefined): PublicBeacon {
  if (hex === undefined) return { hex: DEMO_BEACON_HEX, iterationsExp: BEACON_ITERATIONS_EXP, demo: true };
  const clean = hex.trim().replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(clean) || clean.length % 2 !== 0 || clean.length > 510) {
    throw new UsageError(`--beacon must be an even number of hex digits (1 to 255 bytes), got "${hex}"`);
  }
  return { hex: clean, iterationsExp: BEACON_ITERATIONS_EXP, demo: false };
}
