import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type WalletClient,
  type Transport,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ChainError } from '../errors/index.js';

export interface ChainConnection {
  rpcUrl: string;
  chainId: number;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** Present when a sender key was given: only anchoring sends transactions. */
  wallet?: WalletClient<Transport, Chain, Account>;
}

/** One line for a failed request: viem's messages run to many lines of request details. */
export function shortChainMessage(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(error)).split('\n')[0] as string;
}

/** Connects to an EVM node over JSON-RPC; a node that does not answer is a ChainError (retryable). */
export async function connectChain(rpcUrl: string, senderKey?: Hex): Promise<ChainConnection> {
  const transport = http(rpcUrl, { retryCount: 1, timeout: 30_000 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new ChainError(`no chain answers at ${rpcUrl}: ${shortChainMessage(error)}`, { cause: error });
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport }) as PublicClient<Transport, Chain>;
  const wallet = senderKey === undefined ? undefined : createWalletClient({ chain, transport, account: privateKeyToAccount(senderKey) });
  return { rpcUrl, chainId, chain, publicClient, ...(wallet ? { wallet } : {}) };
}
