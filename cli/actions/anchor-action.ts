import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { anchorRun, openRegistry } from '../../pipeline/anchoring/index.js';
import { createPoseidon } from '../../pipeline/commitments/poseidon/index.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { formatAnchorSummary } from '../format-anchor-summary.js';

export interface AnchorOptions {
  run: string;
  rpc?: string;
  key?: string;
  registry?: string;
  chainDir: string;
  verifyBatches: 'all' | number;
  replaces?: string;
  out: string;
  json?: boolean;
}

/** `stones anchor`: the run's record and batch proofs onto the chain, anchor.json into its bundle. */
export async function anchorAction(options: AnchorOptions): Promise<void> {
  const bundleDir = join(options.out, options.run, 'bundle');
  if (!existsSync(join(bundleDir, 'manifest.json'))) throw new UsageError(`no published run ${options.run} in ${options.out}: publish and prove it first`);
  const chain = await openRegistry({ rpcUrl: options.rpc, registry: options.registry, keyFile: options.key, chainDir: options.chainDir });
  try {
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    if (chain.deployed) progress(`deployed StonesRegistry at ${chain.registry} on chain ${chain.connection.chainId} (gas ${chain.deployed.gas_used})`);
    const result = await anchorRun({
      bundleDir,
      connection: chain.connection,
      registry: chain.registry,
      verifyBatches: options.verifyBatches,
      poseidon: await createPoseidon(),
      ...(options.replaces === undefined ? {} : { replaces: options.replaces }),
      progress,
    });
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ anchor: result.anchor, sent: result.sent.map((s) => ({ ...s, gasUsed: s.gasUsed.toString() })) }, null, 2)}\n`
        : formatAnchorSummary(result, chain.devChain !== undefined),
    );
  } finally {
    await chain.close();
  }
}
