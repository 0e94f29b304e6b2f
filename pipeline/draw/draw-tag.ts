import { bytesToHex } from '@noble/hashes/utils.js';

const TAG_PREFIX = 'stones-draw/';

/**
 * The draw's tag as a field element: the UTF-8 bytes of `stones-draw/<period>` read as one
 * big-endian integer (19 bytes for a YYYY-MM period, far below the field). It separates the
 * draw's randomness from the noise coins, which hash the beacon with a random 248-bit salt.
 */
export function drawTag(period: string): bigint {
  const bytes = new TextEncoder().encode(`${TAG_PREFIX}${period}`);
  if (bytes.length > 31) throw new Error(`drawTag: period "${period}" is too long for one field element`);
  return BigInt(`0x${bytesToHex(bytes)}`);
}
