import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { parsePositiveInteger } from '../parse-positive-integer.js';

interface ProveBenchCommandOptions {
  batchSize: number[];
  batches: number;
  users: number;
  threads: number;
  verifications: number;
}

function collectBatchSize(value: string, previous: number[] | undefined): number[] {
  const size = parsePositiveInteger('--batch-size')(value);
  return [...(previous ?? []), size];
}

export function proveBenchCommand(): Command {
  return new Command('prove')
    .description(
      'owners proven per second with batch proofs against one proof per owner (a depth-20 Merkle path, the same per-owner checks), ' +
        "measured in the same run, for one or more batch sizes; the regulator's verification time per 10,000 owners; workers for 1,000,000 owners in 8 hours",
    )
    .option(
      '--batch-size <B>',
      "a batch size to measure (repeat for several: --batch-size 8 --batch-size 16 --batch-size 32); default: the published formula's",
      collectBatchSize,
    )
    .option('--batches <K>', 'batch proofs counted for each batch size', parsePositiveInteger('--batches'), 12)
    .option('--users <M>', 'baseline proofs counted (one owner each)', parsePositiveInteger('--users'), 48)
    .option('--threads <T>', 'prover worker threads for each circuit', parsePositiveInteger('--threads'), availableParallelism())
    .option('--verifications <V>', 'groth16.verify calls timed for each circuit', parsePositiveInteger('--verifications'), 50)
    .addHelpText(
      'after',
      '\nNeeds the Groth16 artifacts of batch-award-v3-b<B>-n128 for each batch size in circuits/artifacts/\n' +
        '(stones ceremony --circuit circuits/instances/<circuit>.circom; committed: B = 2, the test instance, and\n' +
        "B = 32, the published formula's, so --batch-size 32 alone, the default, needs no ceremony) and of the\n" +
        'baseline single-award-v3-d20-n128 in bench/circuits/artifacts/. One warm-up proof per thread of each\n' +
        'circuit is not counted; K and M multiples of T keep every thread busy.',
    )
    .action(async (options: ProveBenchCommandOptions) => {
      const { benchProve, formatProveBench } = await import('../prove-bench.js');
      const { loadFormula, publishedFormulaPath } = await import('../../pipeline/scoring/index.js');
      const batchSizes = options.batchSize ?? [(await loadFormula(publishedFormulaPath())).formula.batch_size];
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const result = await benchProve({ ...options, batchSizes, log });
      process.stdout.write(`${formatProveBench(result)}\n`);
    });
}
