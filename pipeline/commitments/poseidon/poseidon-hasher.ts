/**
 * Poseidon over the BN254 scalar field with circomlib's constants (the hash the circuits
 * compute). Every implementation behind this interface must give bit-identical results to
 * circomlib's `Poseidon(n)` template for 1 to 16 inputs.
 */
export interface PoseidonHasher {
  /** Inputs: 1 to 16 field elements, each in [0, BN254_FIELD_MODULUS). */
  hash(inputs: readonly bigint[]): bigint;
}

/** The BN254 scalar field: circom's native field. */
export const BN254_FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export const POSEIDON_MAX_INPUTS = 16;
