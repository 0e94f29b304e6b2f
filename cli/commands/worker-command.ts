import { Command } from 'commander';
// The default alone: BullMQ, ioredis and snarkjs load only when the worker runs.
import { DEFAULT_LOCK_DURATION_MS } from '../../jobs/config/default-lock-duration.js';
import { chainDirOption, dbOption, formulaOption, keyOption, outOption, prefixOption, redisOption, registryOption, rpcOption } from '../options/index.js';
import { parsePositiveInteger } from '../parse-options.js';
import type { WorkerOptions } from '../actions/worker-action.js';

/**
 * `stones worker`: proves the prove-batch jobs of every run (queue `prove`) until SIGTERM or
 * SIGINT, which stop it taking jobs, let the proofs in hand finish, and exit 0. It never opens
 * DuckDB: each job carries its batch's witness input, sealed with the witness key the worker
 * shares with the coordinator. With --coordinator it is also the one process that owns the
 * database: it takes the nightly jobs of the Job Scheduler (queue `runs`).
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('prove the batches of runs added through Redis, on this machine, until SIGTERM; with --coordinator also run the scheduled nightly runs')
    .addOption(redisOption())
    .option('--concurrency <n>', 'batches proved at once, one prove thread each', parsePositiveInteger('--concurrency'), 1)
    .addOption(prefixOption())
    .option(
      '--lock-duration <ms>',
      "a job's lock, renewed while it is proved; the batch of a worker that died is given to another after about twice this",
      parsePositiveInteger('--lock-duration'),
      DEFAULT_LOCK_DURATION_MS,
    )
    .option(
      '--beacon-command <cmd>',
      "with --coordinator: each run's drand client, as stones run --beacon-command (the data root is anchored first: give --anchor or --rpc); without it nightly runs use the DEMO beacon",
    )
    .option('--artifacts-root <dir>', "where each circuit's committed artifacts are, a folder per instance (default the package's circuits/artifacts)")
    .option('--coordinator', 'also take the nightly runs of `stones schedule` (queue runs): this process then owns the database; run one per deployment', false)
    .addOption(dbOption('with --coordinator: the DuckDB database file'))
    .addOption(formulaOption('with --coordinator: the published formula'))
    .addOption(outOption('with --coordinator: where run folders are written'))
    .option('--artifacts <dir>', "with --coordinator: the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-v3-b<B>-n<N>)")
    .option(
      '--witness-key <file>',
      "the coordinator's witness key file (mode 0600), which opens the jobs' witness inputs; a coordinator creates it if missing (default: STONES_WITNESS_KEY, else .stones/witness.key)",
    )
    .option('--anchor', 'with --coordinator: record each verified run on the local dev chain (or on --rpc) and verify its proofs there')
    .addOption(rpcOption('with --coordinator: anchor each verified run on this EVM node (implies --anchor)'))
    .addOption(keyOption())
    .addOption(registryOption())
    .addOption(chainDirOption())
    .action(async (options: WorkerOptions) => (await import('../actions/worker-action.js')).workerAction(options));
}
