import { Command } from 'commander';
import { dbOption, formulaOption, jsonOption, outOption } from '../options/index.js';
import { parsePositiveInteger } from '../parse-options.js';
import type { ProveOptions } from '../actions/prove-action.js';

export function proveCommand(): Command {
  return (
    new Command('prove')
      .description("prove every batch of a scored run (Groth16, BatchAward) into the run folder's bundle/proofs/")
      .requiredOption('--run <run_id>', 'a scored run (stones score or stones run prints it)')
      .option('--artifacts <dir>', "the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-v3-b<B>-n<N>)")
      .addOption(formulaOption())
      .addOption(dbOption())
      .addOption(outOption())
      .option('--threads <n>', 'prove worker threads (default: one per CPU, at most one per batch)', parsePositiveInteger('--threads'))
      .option('--every <n>', 'print a progress line every n proofs (on stderr with --json)', parsePositiveInteger('--every'), 10)
      .addOption(jsonOption())
      // DuckDB and snarkjs load only when the command runs.
      .action(async (options: ProveOptions) => (await import('../actions/prove-action.js')).proveAction(options))
  );
}
