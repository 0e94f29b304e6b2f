import { relative } from 'node:path';
import { Command } from 'commander';

interface ExportVerifierCommandOptions {
  out: string;
  artifacts: string;
}

export function exportVerifierCommand(): Command {
  return new Command('export-verifier')
    .description("write the Solidity Groth16 verifier (snarkjs's template) of a circuit's committed proving artifacts")
    .requiredOption('--out <dir>', 'folder to write Groth16Verifier.sol into (created if needed)')
    .option('--artifacts <dir>', 'the ceremony artifacts folder holding circuit.zkey', 'circuits/artifacts/batch-award-v2-b2-n128')
    .action(async (options: ExportVerifierCommandOptions) => {
      // snarkjs (and its worker threads) load only when the command runs.
      const { exportVerifier } = await import('../../proving/export-verifier/index.js');
      const { path } = await exportVerifier({ artifactsDir: options.artifacts, outDir: options.out });
      const shown = relative(process.cwd(), path);
      process.stdout.write(`written: ${shown.startsWith('..') || shown === '' ? path : shown} (contract Groth16Verifier, verifyProof)\n`);
    });
}
