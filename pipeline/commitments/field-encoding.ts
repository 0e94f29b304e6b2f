import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256Bytes } from '../hashing/sha256.js';

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
  return BigInt(`0x${bytesToHex(sha256Bytes(userId).subarray(0, FIELD_BYTES))}`);
}

/** A uniformly random 248-bit field element from the platform's cryptographic generator (salts, peppers). */
export function randomFieldElement(): bigint {
  return BigInt(`0x${bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(FIELD_BYTES)))}`);
}
