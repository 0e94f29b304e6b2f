import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

/**
 * SHA-256 as lowercase hex, of text (UTF-8) or bytes. @noble/hashes rather than node:crypto so
 * that the code a regulator's browser runs (stones/verify) computes the same digests.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256Bytes(data));
}

export function sha256Bytes(data: string | Uint8Array): Uint8Array {
  return sha256(typeof data === 'string' ? utf8.encode(data) : data);
}
