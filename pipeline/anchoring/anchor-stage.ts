import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { anchorRun, type AnchorRunResult } from './anchor-run.js';
import { openRegistry, type OpenRegistryOptions } from './open-registry.js';

/** Where a run anchors its record (the run's --rpc, --key, --registry, --chain-dir). */
export type AnchorStageOptions = Omit<OpenRegistryOptions, 'readOnly'> & {
  /** Verify every batch on chain (default), or only the first N. */
  verifyBatches?: 'all' | number;
};

/** The anchor stage of a run: open the chain (the local dev chain without an RPC URL), anchor the bundle, close. */
export async function anchorStage(bundleDir: string, options: AnchorStageOptions, poseidon: PoseidonHasher): Promise<AnchorRunResult & { devChain: boolean }> {
  const { verifyBatches = 'all', ...chainOptions } = options;
  const chain = await openRegistry(chainOptions);
  try {
    const result = await anchorRun({ bundleDir, connection: chain.connection, registry: chain.registry, verifyBatches, poseidon });
    return { ...result, devChain: chain.devChain !== undefined };
  } finally {
    await chain.close();
  }
}
