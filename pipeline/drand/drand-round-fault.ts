import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { sha256Bytes, sha256Hex } from '../hashing/sha256.js';
import { DRAND_G1_DST, DRAND_SCHEME, type DrandChain } from './drand-chain.js';
import type { DrandRound } from './drand-round.js';

const SIGNATURE_HEX = /^[0-9a-f]{96}$/;
const RANDOMNESS_HEX = /^[0-9a-f]{64}$/;

/** What drand signs for an unchained round: SHA-256 of the round number as 8 bytes, big-endian. */
export function drandRoundMessage(round: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(round));
  return sha256Bytes(bytes);
}

/**
 * Why a round is not the pinned drand network's, or undefined when it is: the BLS signature
 * checked offline (@noble/curves, which refuses points off the curve or outside the subgroup)
 * against the formula's public key, and the randomness checked to be SHA-256 of the signature.
 * Runs in a regulator's browser as well as in node.
 */
export function drandRoundFault(chain: DrandChain, round: DrandRound): string | undefined {
  if (chain.scheme !== DRAND_SCHEME) return `the formula's drand scheme is ${JSON.stringify(chain.scheme)}, not ${DRAND_SCHEME}`;
  if (!Number.isSafeInteger(round.round) || round.round < 1) return `round ${round.round} is not a drand round number`;
  if (!SIGNATURE_HEX.test(round.signature)) return 'the signature is not 96 lowercase hex digits (a compressed G1 point)';
  if (!RANDOMNESS_HEX.test(round.randomness)) return 'the randomness is not 64 lowercase hex digits';
  const signatures = bls12_381.shortSignatures;
  let valid: boolean;
  try {
    valid = signatures.verify(hexToBytes(round.signature), signatures.hash(drandRoundMessage(round.round), DRAND_G1_DST), hexToBytes(chain.public_key));
  } catch (error) {
    return `the signature or the pinned key is not a point of BLS12-381: ${(error as Error).message}`;
  }
  if (!valid) return `the signature of round ${round.round} does not verify under the drand key pinned in the formula`;
  const randomness = sha256Hex(hexToBytes(round.signature));
  if (randomness !== round.randomness) return `the randomness is not SHA-256 of the signature (${randomness})`;
  return undefined;
}
