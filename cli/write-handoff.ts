import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AwardsHandoff } from '../pipeline/publishing/index.js';

/** The hand-off's file in the run folder, next to awards.arrow. */
export const HANDOFF_FILE = 'handoff.json';

/**
 * Writes the hand-off to the award engine as `<run folder>/handoff.json` (written whole: a
 * temporary file renamed over it), once the run is published and its bundle passed its check,
 * and returns its path. `stones handoff --run RUN` prints the same document.
 */
export async function writeHandoff(handoff: AwardsHandoff): Promise<string> {
  const path = join(dirname(handoff.awards_arrow.path), HANDOFF_FILE);
  const staging = `${path}.${process.pid}.tmp`;
  await writeFile(staging, `${JSON.stringify(handoff, null, 2)}\n`);
  await rename(staging, path);
  return path;
}
