import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANCHOR_FILE, openRegistry, type OpenRegistry } from '../pipeline/anchoring/index.js';
import { UsageError } from '../pipeline/errors/index.js';
import { parseVersioned, type AnchorFile } from '../pipeline/formats/index.js';

/**
 * The registry to check against: --registry, else the one the bundle's anchor.json names (the
 * operator's word: the summary prints it, to compare with the programme's published address).
 */
export async function openAnchorRegistry(bundleDir: string, options: { rpc?: string; registry?: string }): Promise<OpenRegistry> {
  let registry = options.registry;
  let chainId: number | undefined;
  if (registry === undefined) {
    const path = join(bundleDir, ANCHOR_FILE);
    if (!existsSync(path)) throw new UsageError(`--rpc needs --registry ADDRESS: the bundle has no ${ANCHOR_FILE} naming one`);
    let anchor: AnchorFile;
    try {
      anchor = parseVersioned('anchor', JSON.parse(readFileSync(path, 'utf8')));
    } catch (error) {
      throw new UsageError(`${path} does not name a registry: ${(error as Error).message}; pass --registry ADDRESS`);
    }
    registry = anchor.registry;
    chainId = anchor.chain_id;
  }
  const chain = await openRegistry({ rpcUrl: options.rpc, registry, readOnly: true });
  if (chainId !== undefined && chain.connection.chainId !== chainId) {
    await chain.close();
    throw new UsageError(
      `the bundle's ${ANCHOR_FILE} names chain ${chainId}, the node at ${options.rpc} is chain ${chain.connection.chainId}: give the RPC URL of chain ${chainId}`,
    );
  }
  return chain;
}
