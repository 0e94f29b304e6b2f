import { Command } from 'commander';
import { formulaOption } from '../options/index.js';
import type { ExportVerifierOptions } from '../actions/export-verifier-action.js';

export function exportVerifierCommand(): Command {
  return (
    new Command('export-verifier')
      .description(
        "write the Solidity Groth16 verifier (snarkjs's template) of a circuit's committed proving artifacts, by default the published formula's instance",
      )
      .requiredOption('--out <dir>', 'folder to write Groth16Verifier.sol into (created if needed)')
      .option(
        '--artifacts <dir>',
        "the ceremony artifacts folder holding circuit.zkey (default: the formula's instance, circuits/artifacts/batch-award-v3-b<B>-n<N>)",
      )
      .addOption(formulaOption('the published formula, whose instance is exported when --artifacts is not given'))
      // snarkjs (and its worker threads) load only when the command runs.
      .action(async (options: ExportVerifierOptions) => (await import('../actions/export-verifier-action.js')).exportVerifierAction(options))
  );
}
