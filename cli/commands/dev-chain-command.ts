import { Command } from 'commander';
import type { DevChainOptions } from '../actions/dev-chain-action.js';
import { chainDirOption } from '../options/index.js';
import { parsePort } from '../parse-options.js';

export function devChainCommand(): Command {
  return new Command('dev-chain')
    .description('run the local dev chain (anvil) in the foreground with its saved state, for stones verify --rpc or any EVM client; Ctrl-C stops it')
    .option('--port <port>', 'port on 127.0.0.1 (default: 8545)', parsePort('--port'), 8545)
    .addOption(chainDirOption())
    .action(async (options: DevChainOptions) => (await import('../actions/dev-chain-action.js')).devChainAction(options));
}
