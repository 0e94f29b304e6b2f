import { Command } from 'commander';
import { jsonOption } from '../options/index.js';
import { parsePositiveInteger } from '../parse-options.js';
import type { CeremonyCommandOptions } from '../actions/ceremony-action.js';

export function ceremonyCommand(): Command {
  return (
    new Command('ceremony')
      .description(
        'compile a circuit and run its trusted setup with snarkjs (phase 1 powers of tau, phase 2 Groth16), ' +
          'writing the proving artifacts and the ceremony transcript',
      )
      .requiredOption('--circuit <path>', 'the circuit instance, e.g. circuits/instances/batch-award-v3-b2-n128.circom')
      .option('--power <P>', 'powers-of-tau power (default: the smallest that fits the circuit)', parsePositiveInteger('--power'))
      .option('--contributors <N>', 'contributions in each phase, each with fresh entropy', parsePositiveInteger('--contributors'), 2)
      .option('--names <list>', 'comma-separated contributor names (default: "contributor i of N")')
      .option('--beacon <hex>', 'public randomness fixed after the last contribution (default: a demo beacon, marked as such)')
      .option('--artifacts <dir>', 'where circuits/artifacts/<circuit>/ goes', 'circuits/artifacts')
      .option('--transcripts <dir>', 'where the transcript <circuit>.json goes', 'circuits/ceremony')
      .addOption(jsonOption('print the result as one JSON document (progress on stderr)'))
      .addHelpText(
        'after',
        '\nPhase 1 runs in <tmpdir>/stones-ceremony/ptau-bn128-p<power>; if it is interrupted, the same\n' +
          'command resumes after the last finished step. Phase 1 takes about 8 minutes at power 14.',
      )
      // circom, snarkjs (and its worker threads) load only when the command runs.
      .action(async (options: CeremonyCommandOptions) => (await import('../actions/ceremony-action.js')).ceremonyAction(options))
  );
}
