import { BN254_FIELD_MODULUS } from '../commitments/poseidon/poseidon-hasher.js';
import { UsageError } from '../errors/usage-error.js';

const HEX = /^(0[xX])?([0-9a-fA-F]{1,64})$/;

/**
 * The public beacon (e.g. a drand round or a block hash, fixed after the data root is
 * published) as a BN254 field element: 1 to 64 hex digits, with or without 0x, taken modulo
 * the field. A UsageError for anything else (it comes from --beacon).
 */
export function beaconToField(hex: string): bigint {
  const match = HEX.exec(hex.trim());
  if (!match) {
    throw new UsageError(
      `--beacon must be 1 to 64 hexadecimal digits, with or without 0x, got ${JSON.stringify(hex.length > 80 ? `${hex.slice(0, 80)}...` : hex)}`,
    );
  }
  return BigInt(`0x${match[2]}`) % BN254_FIELD_MODULUS;
}
