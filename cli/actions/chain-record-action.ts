import { openRegistry, readChainRecord } from '../../pipeline/anchoring/index.js';

export interface ChainRecordOptions {
  run: string;
  rpc?: string;
  registry?: string;
  chainDir: string;
}

/** `stones chain-record`: reads only (no key); without --rpc, from the local dev chain's saved state. */
export async function chainRecordAction(options: ChainRecordOptions): Promise<void> {
  const chain = await openRegistry({ rpcUrl: options.rpc, registry: options.registry, chainDir: options.chainDir, readOnly: true });
  try {
    process.stdout.write(`${JSON.stringify(await readChainRecord(chain.connection, chain.registry, options.run), null, 2)}\n`);
  } finally {
    await chain.close();
  }
}
