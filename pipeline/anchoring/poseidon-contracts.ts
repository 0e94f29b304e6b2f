import { poseidonContract } from 'circomlibjs';
import type { Hex } from 'viem';

/**
 * The Poseidon arities the registry calls: 2 (the binary top trees over batch roots), 5 (the
 * batch statement) and 6 (the run's values, the batch sums). circomlibjs's generator writes
 * the contracts (EVM assembly from the same constants as its JavaScript hash and circomlib's
 * circuits); its limit of 8 inputs is why the batch statement is three hashes, not one of 15.
 */
export const REGISTRY_POSEIDON_ARITIES = [2, 5, 6] as const;
export type RegistryPoseidonArity = (typeof REGISTRY_POSEIDON_ARITIES)[number];

/** The creation code of the Poseidon contract of `arity` inputs. */
export function poseidonCreationCode(arity: RegistryPoseidonArity): Hex {
  return poseidonContract.createCode(arity) as Hex;
}
