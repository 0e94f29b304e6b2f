import { Command } from 'commander';
import { UsageError } from '../../pipeline/errors/index.js';
import { dbOption, jsonOption } from '../options/index.js';
import { parsePositiveInteger } from '../parse-options.js';
import type { RunsOptions } from '../actions/runs-action.js';

const STATUSES = ['committed', 'scored', 'published', 'failed'];

function parseStatus(value: string): string {
  if (!STATUSES.includes(value)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${value}"`);
  return value;
}

export function runsCommand(): Command {
  return new Command('runs')
    .description('the history of runs, newest first: status, period, size, who started it, times, the failed stage; with --run, the timings of each stage')
    .option('--period <YYYY-MM>', 'only runs of this period')
    .option('--status <status>', `only runs in this status (${STATUSES.join(', ')})`, parseStatus)
    .option('--limit <n>', 'at most this many runs', parsePositiveInteger('--limit'))
    .option('--run <run_id>', 'one run and the timings and counts of its stages, attempt by attempt')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: RunsOptions) => (await import('../actions/runs-action.js')).runsAction(options));
}
