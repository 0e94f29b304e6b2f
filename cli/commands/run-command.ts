import { Command } from 'commander';
import { UsageError } from '../../pipeline/errors/index.js';
import {
  chainDirOption,
  dbOption,
  formulaOption,
  jsonOption,
  keyOption,
  outOption,
  prefixOption,
  redisOption,
  registryOption,
  rpcOption,
} from '../options/index.js';
import { parsePositiveInteger } from '../parse-options.js';
import { SAMPLE_INPUTS } from '../sample-inputs.js';
import type { RunOptions } from '../actions/run-options.js';

/** `--now`: an ISO date-time, the instant the run acts at. */
function parseNow(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--now must be an ISO date or date-time, got "${value}"`);
  return date;
}

export function runCommand(): Command {
  return (
    new Command('run')
      .description('run the whole pipeline in this process (embedded DuckDB, no Redis); by default on the bundled sample data')
      .option('--input <paths...>', 'usage and enrolment files, directories or globs to load first', [...SAMPLE_INPUTS])
      .addOption(dbOption())
      .option('--period <YYYY-MM>', 'the month to run, e.g. to backfill a past one (default: the month most trips of the input files started in)')
      .option('--tz <zone>', 'IANA time zone of the period calendar', 'UTC')
      .addOption(formulaOption())
      .option(
        '--beacon <hex>',
        'a beacon given by hand (not authenticated: stones verify fails it like the demo beacon; default: a DEMO beacon, for samples only)',
      )
      .option(
        '--beacon-command <cmd>',
        "a drand client: under a formula pinning a drand network, the data root is anchored on chain first (needs --anchor or --rpc), then the command is run once the round due is out, with STONES_DRAND_ROUND and STONES_DRAND_CHAIN_HASH, and prints drand's JSON of it (its signature is checked); under a formula pinning none, it prints a beacon in hex (STONES_RUN_ID, STONES_DATA_ROOT, STONES_PERIOD)",
      )
      .addOption(outOption())
      .option('--no-prove', 'stop after publishing: no proofs, no verification')
      .option('--artifacts <dir>', "the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-v3-b<B>-n<N>)")
      .option('--threads <n>', 'prove worker threads (default: one per CPU)', parsePositiveInteger('--threads'))
      .addOption(
        redisOption(
          'prove through BullMQ: this process runs the DuckDB stages and `stones worker` processes prove the batches (without it, everything runs here)',
        ),
      )
      .option(
        '--resume <run_id>',
        'continue a run that failed (stones runs lists them): the stages after its commit, keeping its run id, beacon and valid proofs',
      )
      .addOption(prefixOption())
      .option(
        '--witness-key <file>',
        'with --redis: the key witness inputs are sealed with for the workers, created (mode 0600) if missing (default: STONES_WITNESS_KEY, else .stones/witness.key)',
      )
      .option(
        '--anchor',
        'after the bundle verifies, record the run on the local dev chain (anvil, state in --chain-dir) and verify its proofs there, as stones anchor does',
      )
      .addOption(rpcOption('anchor on this EVM node instead of the local dev chain (implies --anchor)'))
      .addOption(keyOption())
      .addOption(registryOption())
      .addOption(chainDirOption())
      .addOption(jsonOption('print one JSON document on stdout (the run and its hand-off); the progress lines go to stderr'))
      .option('--now <time>', 'act as if it were this ISO date-time when deciding whether the period is closed (replays and tests; default: now)', parseNow)
      // DuckDB, the hashers, snarkjs, and BullMQ (with --redis) load only when the command runs.
      .action(async (options: RunOptions) => (await import('../actions/run-action.js')).runAction(options))
  );
}
