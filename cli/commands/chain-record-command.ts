import { Command } from 'commander';
import type { ChainRecordOptions } from '../actions/chain-record-action.js';
import { chainDirOption, registryOption, rpcOption } from '../options/index.js';

export function chainRecordCommand(): Command {
  return new Command('chain-record')
    .description("print a run's record on the chain as one JSON document: the registry's getRun call and the run's events")
    .requiredOption('--run <run_id>', 'the run id (its key on chain is keccak256 of it)')
    .addOption(rpcOption())
    .addOption(registryOption())
    .addOption(chainDirOption())
    .action(async (options: ChainRecordOptions) => (await import('../actions/chain-record-action.js')).chainRecordAction(options));
}
