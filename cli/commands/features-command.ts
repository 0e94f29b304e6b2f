import { Command } from 'commander';
import { dbOption, formulaOption, jsonOption } from '../options/index.js';
import type { FeaturesOptions } from '../actions/features-action.js';

/** `stones features --period YYYY-MM [--tz ZONE] [--formula PATH] [--db PATH] [--json]` */
export function featuresCommand(): Command {
  return new Command('features')
    .description(
      "compute the per-user features of one period (a local calendar month) into the features table under the formula's daily caps, replacing that period",
    )
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-11')
    .option('--tz <zone>', 'IANA time zone of the local calendar (days, month, night hours)', 'UTC')
    .addOption(formulaOption("the published formula: its features' daily caps clamp each user-day"))
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: FeaturesOptions) => (await import('../actions/features-action.js')).featuresAction(options));
}
