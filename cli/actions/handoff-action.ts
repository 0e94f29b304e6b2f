import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../pipeline/errors/index.js';
import { printJson } from '../print-json.js';
import { HANDOFF_FILE } from '../write-handoff.js';

export interface HandoffOptions {
  run: string;
  out: string;
}

/**
 * `stones handoff`: `<out>/<run>/handoff.json`, which stones run writes once the run is
 * published and its bundle passed its check (a run that failed it has none).
 */
export async function handoffAction(options: HandoffOptions): Promise<void> {
  const path = join(options.out, options.run, HANDOFF_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`no hand-off at ${path}: stones run writes it once the run is published and its bundle verified (check --run and --out)`, {
      cause: error,
    });
  }
  printJson(JSON.parse(text) as unknown);
}
