import { Command } from 'commander';
import type { PublishOptions } from '../actions/publish-action.js';
import { dbOption, formulaOption, jsonOption, outOption } from '../options/index.js';

export function publishCommand(): Command {
  return new Command('publish')
    .description(
      "publish a scored run: release the period's differentially private statistics (republished, not drawn again, on a second publish) " +
        'and write the run folder <out>/<run_id>/ (award files, bundle, receipts); then stones prove --run',
    )
    .requiredOption('--run <run_id>', 'a scored run (stones score)')
    .addOption(formulaOption())
    .addOption(dbOption())
    .addOption(outOption())
    .addOption(jsonOption())
    .action(async (options: PublishOptions) => (await import('../actions/publish-action.js')).publishAction(options));
}
