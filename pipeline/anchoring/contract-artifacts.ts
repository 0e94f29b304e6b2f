import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { packageRoot } from '../db/package-root.js';

/**
 * A compiled contract as committed under contracts/build/ (written by `npm run contracts`,
 * scripts/build-contracts.ts; test/contracts/ recompiles with solc and fails on any drift).
 */
export interface ContractArtifact {
  contract: string;
  /** solc's version string, e.g. 0.8.37+commit.f401782d.Emscripten.clang. */
  compiler: string;
  /** The standard-JSON settings the bytecode was compiled with. */
  settings: { optimizer: { enabled: boolean; runs: number }; evmVersion: string };
  /** SHA-256 (hex) of the Solidity source compiled. */
  sourceSha256: string;
  abi: Abi;
  /** Creation code (0x...). */
  bytecode: Hex;
  /** The code a deployment leaves at its address: what a verifier compares with eth_getCode. */
  deployedBytecode: Hex;
}

/** A circuit instance's Groth16 verifier: the artifact, and the verification key it was exported from. */
export interface VerifierArtifact extends ContractArtifact {
  instance: string;
  /** SHA-256 (hex) of the instance's committed verification_key.json. */
  verificationKeySha256: string;
}

export function contractsBuildDir(): string {
  return join(packageRoot(), 'contracts', 'build');
}

// Read once per process: the files ship with the package and every chain call needs the ABI.
let registry: ContractArtifact | undefined;
let verifiers: VerifierArtifact[] | undefined;

export function registryArtifact(): ContractArtifact {
  registry ??= JSON.parse(readFileSync(join(contractsBuildDir(), 'StonesRegistry.json'), 'utf8')) as ContractArtifact;
  return registry;
}

/** Every committed instance verifier, by instance name (the registry is deployed with all of them). */
export function verifierArtifacts(): VerifierArtifact[] {
  if (verifiers === undefined) {
    const dir = join(contractsBuildDir(), 'verifiers');
    verifiers = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as VerifierArtifact)
      : [];
  }
  return verifiers;
}
