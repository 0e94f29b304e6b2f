/**
 * A drand network as the formula pins it (formula.json's `beacon.drand`, keys as drand's
 * `/info` endpoint names them): the beacon of a run is one of its rounds, checked offline
 * against this key. Only unchained rounds signed on G1 (quicknet's scheme) are accepted: a
 * round's signature then depends on nothing but the round number.
 */
export interface DrandChain {
  /** drand's chain hash (64 hex digits): the name a drand client asks rounds of. */
  readonly chain_hash: string;
  /** The group's public key, a compressed G2 point of BLS12-381 (192 hex digits). */
  readonly public_key: string;
  /** Unix seconds of round 1. */
  readonly genesis_time: number;
  /** Seconds between rounds. */
  readonly period: number;
  readonly scheme: typeof DRAND_SCHEME;
}

/** drand's name of the scheme: BLS on G1 with RFC 9380 hashing, each round signed on its own. */
export const DRAND_SCHEME = 'bls-unchained-g1-rfc9380';

/** The hash-to-curve domain of that scheme (drand's, as its specification and every client use it). */
export const DRAND_G1_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
