import { getAddress, isAddress, type Address } from 'viem';
import { UsageError } from '../errors/index.js';
import { connectChain, type ChainConnection } from './chain-connection.js';
import { DEFAULT_CHAIN_DIR, startDevChain, type DevChain } from './dev-chain.js';
import { deployRegistry, recordedDeployment, type RegistryDeployment } from './registry-deployment.js';
import { DEV_CHAIN_KEY, readSenderKey } from './sender-key.js';

export interface OpenRegistryOptions {
  /** A JSON-RPC URL; without one, stones starts its local dev chain (anvil) on a free port. */
  rpcUrl?: string;
  /** The registry's address; without one, the deployment recorded for this chain, else a new one (when sending). */
  registry?: string;
  /** The sender's key file (0600); else STONES_CHAIN_KEY; on the local dev chain, its published test key. */
  keyFile?: string;
  /** Where the dev chain's state and the deployment records are (default .stones/chain). */
  chainDir?: string;
  /** Reading only (stones verify --rpc): no key, no deployment. */
  readOnly?: boolean;
}

export interface OpenRegistry {
  connection: ChainConnection;
  registry: Address;
  /** Set when this call deployed the registry (its gas is worth printing). */
  deployed?: RegistryDeployment;
  devChain?: DevChain;
  /** Stops the dev chain if this call started it. */
  close(): Promise<void>;
}

/** Connects to the chain (starting the local dev chain without --rpc) and finds, or deploys, the registry. */
export async function openRegistry(options: OpenRegistryOptions): Promise<OpenRegistry> {
  const chainDir = options.chainDir ?? DEFAULT_CHAIN_DIR;
  if (options.registry !== undefined && !isAddress(options.registry))
    throw new UsageError(`--registry must be a 0x address of 20 bytes, got ${JSON.stringify(options.registry)}`);
  const fileOrEnvKey = options.readOnly ? undefined : readSenderKey(options.keyFile);
  const devChain = options.rpcUrl === undefined ? await startDevChain({ stateDir: chainDir }) : undefined;
  const close = async () => devChain?.stop();
  try {
    if (!options.readOnly && fileOrEnvKey === undefined && !devChain) {
      throw new UsageError('sending to a chain needs the sender key: --key FILE (mode 0600) or STONES_CHAIN_KEY');
    }
    const key = options.readOnly ? undefined : (fileOrEnvKey ?? DEV_CHAIN_KEY);
    const connection = await connectChain(devChain?.rpcUrl ?? (options.rpcUrl as string), key);
    if (options.registry !== undefined) return { connection, registry: getAddress(options.registry), ...(devChain ? { devChain } : {}), close };
    const recorded = await recordedDeployment(chainDir, connection);
    if (recorded) return { connection, registry: recorded.registry, ...(devChain ? { devChain } : {}), close };
    if (options.readOnly)
      throw new UsageError(`no StonesRegistry recorded for chain ${connection.chainId} in ${chainDir}/deployments: pass --registry ADDRESS`);
    const deployed = await deployRegistry(chainDir, connection);
    return { connection, registry: deployed.registry, deployed, ...(devChain ? { devChain } : {}), close };
  } catch (error) {
    await close();
    throw error;
  }
}
