import { connectChain, recordedDeployment, startDevChain } from '../../pipeline/anchoring/index.js';

export interface DevChainOptions {
  port: number;
  chainDir: string;
}

/** `stones dev-chain`: the chain `stones anchor` uses without --rpc, kept running until a signal. */
export async function devChainAction(options: DevChainOptions): Promise<void> {
  const chain = await startDevChain({ stateDir: options.chainDir, port: options.port });
  const deployment = await recordedDeployment(options.chainDir, await connectChain(chain.rpcUrl));
  process.stdout.write(`local dev chain: ${chain.rpcUrl} (state in ${chain.stateFile})\n`);
  process.stdout.write(deployment ? `StonesRegistry: ${deployment.registry}\n` : 'no StonesRegistry deployed yet: stones anchor deploys one\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    chain.process.once('exit', stop);
  });
  await chain.stop();
}
