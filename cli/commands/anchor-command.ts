import { Command } from 'commander';
import type { AnchorOptions } from '../actions/anchor-action.js';
import { chainDirOption, jsonOption, keyOption, outOption, registryOption, rpcOption } from '../options/index.js';
import { parseAllOrCount } from '../parse-options.js';

export function anchorCommand(): Command {
  return new Command('anchor')
    .description("record a proved run on an EVM chain (StonesRegistry) and verify its batch proofs there; writes the bundle's anchor.json")
    .requiredOption('--run <run_id>', 'a proved run (its folder is <out>/<run_id>)')
    .addOption(rpcOption())
    .addOption(keyOption())
    .addOption(registryOption())
    .addOption(chainDirOption())
    .option('--verify-batches <all|N>', 'verify every batch proof on chain, or the first N', parseAllOrCount('--verify-batches'), 'all' as const)
    .option('--replaces <run_id>', "the period's run this one corrects (its record stays; this one names it)")
    .addOption(outOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nAnchoring again sends only what the chain does not hold yet: after a failure (a chain that is\ndown, a killed node), the same command finishes the record without sending anything twice.',
    )
    .action(async (options: AnchorOptions) => (await import('../actions/anchor-action.js')).anchorAction(options));
}
