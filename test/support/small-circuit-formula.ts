import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../pipeline/db/index.js';
import { loadFormula, parseFormula, publishedFormulaPath } from '../../pipeline/scoring/index.js';

/** The committed test instance: 2 owners a batch, 128 coins (proofs in seconds, not minutes). */
export const SMALL_CIRCUIT_ARTIFACTS = join(packageRoot(), 'circuits/artifacts/batch-award-v3-b2-n128');

/**
 * The published formula with batch_size = 2, so runs prove with the small instance; written
 * to `<dir>/formula.json`, whose path is returned. `withoutDrand`: no beacon section, so a
 * --beacon-command prints a beacon in hex and needs no chain (tests of scheduling and retries).
 */
export async function writeSmallCircuitFormula(dir: string, options: { withoutDrand?: boolean } = {}): Promise<string> {
  const json = JSON.parse((await loadFormula(publishedFormulaPath())).canonicalJson) as { noise: { n: number }; batch_size: number; beacon?: unknown };
  json.noise.n = 128;
  json.batch_size = 2;
  if (options.withoutDrand) delete json.beacon;
  parseFormula(json, 'test formula'); // refuses a bad test formula before anything runs
  const path = join(dir, 'formula.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}
