import { createHash, randomBytes } from 'node:crypto';

/**
 * Field elements as the pipeline stores and publishes them: 0x-prefixed, 64 hex digits.
 * Values drawn or derived here are 248 bits (31 bytes), below the BN254 modulus, so they
 * never wrap around the field.
 */
export function fieldToHex(value: bigint): string {
  return `0x${value.toString(16).padStart(64, '0')}`;
}

export function fieldFromHex(hex: string): bigint {
  if (!/^0x[0-9a-f]{1,64}$/i.test(hex)) throw new Error(`not a field element in hex: ${hex}`);
  return BigInt(hex);
}

const FIELD_BYTES = 31;

/** A user id as a field element: the first 31 bytes of SHA-256 of its UTF-8 bytes. */
export function userIdToField(userId: string): bigint {
  const digest = createHash('sha256').update(userId, 'utf8').digest();
  return BigInt(`0x${digest.subarray(0, FIELD_BYTES).toString('hex')}`);
}

/** A uniformly random 248-bit field element from node:crypto (salts, peppers). */
export function randomFieldElement(): bigint {
  return BigInt(`0x${randomBytes(FIELD_BYTES).toString('hex')}`);
}
