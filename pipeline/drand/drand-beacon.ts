import { BN254_FIELD_MODULUS } from '../commitments/poseidon/poseidon-hasher.js';
import type { Beacon } from '../scoring/score-run.js';
import type { DrandRound } from './drand-round.js';

/** A verified drand round as the run's beacon: its randomness (SHA-256 of the signature) modulo the BN254 field. */
export function drandBeacon(chainHash: string, round: DrandRound): Beacon {
  return {
    hex: round.randomness,
    value: BigInt(`0x${round.randomness}`) % BN254_FIELD_MODULUS,
    demo: false,
    drand: { chain_hash: chainHash, round: round.round, randomness: round.randomness, signature: round.signature },
  };
}
