import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeDeployData, getAddress, type Address, type Hex } from 'viem';
import { ChainError } from '../errors/index.js';
import type { ChainConnection } from './chain-connection.js';
import { shortChainMessage } from './chain-connection.js';
import { registryArtifact, verifierArtifacts } from './contract-artifacts.js';
import { poseidonCreationCode, REGISTRY_POSEIDON_ARITIES } from './poseidon-contracts.js';

/** Where stones deployed the registry on one chain: kept in `<chainDir>/deployments/`. */
export interface RegistryDeployment {
  chain_id: number;
  registry: Address;
  poseidon: Record<string, Address>;
  /** Each circuit instance's Groth16 verifier. */
  verifiers: Record<string, Address>;
  block: number;
  /** Gas of every deployment transaction, summed. */
  gas_used: string;
}

function deploymentFile(chainDir: string, connection: ChainConnection): string {
  // By chain id alone: anvil makes a new genesis block when it reloads its state.
  return join(chainDir, 'deployments', `${connection.chainId}.json`);
}

/** The deployment recorded for this chain id, if a StonesRegistry is still at its address (a dev chain may have been reset). */
export async function recordedDeployment(chainDir: string, connection: ChainConnection): Promise<RegistryDeployment | undefined> {
  const file = deploymentFile(chainDir, connection);
  if (!existsSync(file)) return undefined;
  const deployment = JSON.parse(readFileSync(file, 'utf8')) as RegistryDeployment;
  const code = await connection.publicClient.getCode({ address: deployment.registry });
  return code === registryArtifact().deployedBytecode ? deployment : undefined;
}

async function deployCode(connection: ChainConnection, what: string, data: Hex): Promise<{ address: Address; gas: bigint; block: bigint }> {
  const wallet = connection.wallet;
  if (!wallet) throw new ChainError(`deploying ${what} needs a sender key (--key FILE or STONES_CHAIN_KEY)`);
  try {
    const hash = await wallet.sendTransaction({ data, to: null });
    const receipt = await connection.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success' || !receipt.contractAddress) throw new ChainError(`deploying ${what} failed in transaction ${hash}`);
    return { address: getAddress(receipt.contractAddress), gas: receipt.gasUsed, block: receipt.blockNumber };
  } catch (error) {
    if (error instanceof ChainError) throw error;
    throw new ChainError(`deploying ${what}: ${shortChainMessage(error)}`, { cause: error });
  }
}

/**
 * Deploys circomlibjs's Poseidon contracts, the Groth16 verifier of every committed circuit
 * instance and a StonesRegistry over them (the sender becomes its operator), and records the
 * addresses in `<chainDir>/deployments/<chain id>-<genesis>.json`.
 */
export async function deployRegistry(chainDir: string, connection: ChainConnection): Promise<RegistryDeployment> {
  let gas = 0n;
  const poseidon: Record<string, Address> = {};
  for (const arity of REGISTRY_POSEIDON_ARITIES) {
    const deployed = await deployCode(connection, `the Poseidon(${arity}) contract`, poseidonCreationCode(arity));
    poseidon[String(arity)] = deployed.address;
    gas += deployed.gas;
  }
  const verifiers: Record<string, Address> = {};
  for (const verifier of verifierArtifacts()) {
    const deployed = await deployCode(connection, `the verifier of ${verifier.instance}`, verifier.bytecode);
    verifiers[verifier.instance] = deployed.address;
    gas += deployed.gas;
  }
  const artifact = registryArtifact();
  const names = Object.keys(verifiers);
  const data = encodeDeployData({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: [poseidon['2'], poseidon['5'], poseidon['6'], names, names.map((n) => verifiers[n])],
  });
  const registry = await deployCode(connection, 'StonesRegistry', data);
  gas += registry.gas;
  const deployment: RegistryDeployment = {
    chain_id: connection.chainId,
    registry: registry.address,
    poseidon,
    verifiers,
    block: Number(registry.block),
    gas_used: gas.toString(),
  };
  const file = deploymentFile(chainDir, connection);
  mkdirSync(join(chainDir, 'deployments'), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return deployment;
}
