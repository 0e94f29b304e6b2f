import { join, relative } from 'node:path';
import { createPoseidon } from '../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../pipeline/db/index.js';
import { proveRun } from '../../pipeline/proving/prove/index.js';
import { loadFormula } from '../../pipeline/scoring/index.js';
import { formatProveSummary } from '../format-prove-summary.js';
import { printJson } from '../print-json.js';

export interface ProveOptions {
  run: string;
  artifacts?: string;
  db: string;
  out: string;
  formula: string;
  threads?: number;
  every: number;
  json?: boolean;
}

/** `stones prove`: every batch of a scored run into its bundle. */
export async function proveAction(options: ProveOptions): Promise<void> {
  const formula = await loadFormula(options.formula);
  const poseidon = await createPoseidon();
  const bundleDir = join(options.out, options.run, 'bundle');
  const progress = options.json ? process.stderr : process.stdout;
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
        if (proved % options.every === 0 || proved === batches) progress.write(`proved ${proved}/${batches} batches\n`);
      },
    });
    if (options.json) {
      printJson(result);
      return;
    }
    const shown = relative(process.cwd(), result.proofsDir);
    process.stdout.write(`${formatProveSummary(result, { withRunId: true })}\nwritten: ${shown.startsWith('..') || shown === '' ? result.proofsDir : shown}\n`);
  } finally {
    database.close();
  }
}
