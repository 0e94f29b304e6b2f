import type { Address, Hex } from 'viem';
import { ChainError } from '../errors/index.js';
import { shortChainMessage, type ChainConnection } from './chain-connection.js';
import { registryArtifact } from './contract-artifacts.js';
import { registryKey } from './registry-values.js';

/** A JSON-ready copy: bigints as decimal strings, structs as objects. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

export interface ChainRecord {
  chain_id: number;
  registry: Address;
  run_id: string;
  run_key: Hex;
  /** StonesRegistry.getRun(run key): the stored record (zeros for a run never committed). */
  record: Record<string, unknown>;
  /** The registry's events of the run, in chain order: RunCommitted, RunRecorded, BatchVerified. */
  events: { event: string; block: string; tx: Hex | null; args: unknown }[];
}

/** What anyone reads of a run on the chain, with one call (getRun) and one event query (the run key is an indexed topic). */
export async function readChainRecord(connection: ChainConnection, registry: Address, runId: string): Promise<ChainRecord> {
  const runKey = registryKey(runId);
  const { abi } = registryArtifact();
  try {
    const record = await connection.publicClient.readContract({ address: registry, abi, functionName: 'getRun', args: [runKey] });
    const logs = await connection.publicClient.getContractEvents({ address: registry, abi, args: { runKey }, fromBlock: 0n, strict: true });
    return {
      chain_id: connection.chainId,
      registry,
      run_id: runId,
      run_key: runKey,
      record: plain(record) as Record<string, unknown>,
      events: logs.map((log) => {
        const decoded = log as unknown as { eventName: string; args: unknown; blockNumber: bigint; transactionHash: Hex | null };
        return { event: decoded.eventName, block: decoded.blockNumber.toString(), tx: decoded.transactionHash, args: plain(decoded.args) };
      }),
    };
  } catch (error) {
    throw new ChainError(`reading run ${runId} from the registry at ${registry}: ${shortChainMessage(error)}`, { cause: error });
  }
}
