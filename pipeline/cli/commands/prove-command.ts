import { join, relative } from 'node:path';
import { Command } from 'commander';
import { createPoseidon } from '../../commitments/poseidon/index.js';
import { DEFAULT_DATABASE_PATH, openDatabase } from '../../db/index.js';
import { loadFormula } from '../../scoring/index.js';
import { formatProveSummary } from '../format-prove-summary.js';
import { parsePositiveInteger } from '../parse-options.js';
import { DEFAULT_FORMULA_PATH, DEFAULT_OUT_DIR } from '../pipeline-context.js';

interface ProveOptions {
  run: string;
  artifacts?: string;
  db: string;
  out: string;
  formula: string;
  threads?: number;
  every: number;
}

export function proveCommand(): Command {
  return new Command('prove')
    .description("prove every batch of a scored run (Groth16, BatchAward) into the run folder's bundle/proofs/")
    .requiredOption('--run <run_id>', 'a scored run (stones score or stones run prints it)')
    .option('--artifacts <dir>', "the ceremony artifacts of the formula's instance (default circuits/artifacts/batch-award-v2-b<B>-n<N>)")
    .option('--formula <path>', 'the published formula', DEFAULT_FORMULA_PATH)
    .option('--db <path>', 'DuckDB database file', DEFAULT_DATABASE_PATH)
    .option('--out <dir>', 'where run folders are written', DEFAULT_OUT_DIR)
    .option('--threads <n>', 'prove worker threads (default: one per CPU, at most one per batch)', parsePositiveInteger('--threads'))
    .option('--every <n>', 'print a progress line every n proofs', parsePositiveInteger('--every'), 10)
    .action(async (options: ProveOptions) => {
      const formula = await loadFormula(options.formula);
      const poseidon = await createPoseidon();
      // snarkjs loads only when the command runs (and only in the prove workers).
      const { proveRun } = await import('../../proving/prove/index.js');
      const bundleDir = join(options.out, options.run, 'bundle');
      const database = await openDatabase(options.db);
      try {
        const result = await proveRun({
          connection: database.connection,
          runId: options.run,
          formula,
          artifactsDir: options.artifacts,
          bundleDir,
          threads: options.threads,
          poseidon,
          onProof: ({ proved, batches }) => {
            if (proved % options.every === 0 || proved === batches) process.stdout.write(`proved ${proved}/${batches} batches\n`);
          },
        });
        const shown = relative(process.cwd(), result.proofsDir);
        process.stdout.write(`${formatProveSummary(result, { withRunId: true })}\nwritten: ${shown.startsWith('..') || shown === '' ? result.proofsDir : shown}\n`);
      } finally {
        database.close();
      }
    });
}
