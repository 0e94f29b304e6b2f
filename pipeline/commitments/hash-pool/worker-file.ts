import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = 'hash-worker.js';
/** This folder, relative to the repository root (and to dist/ in the build). */
const FOLDER = join('pipeline', 'commitments', 'hash-pool');

/**
 * The compiled worker module. Worker threads load plain JavaScript only, so:
 * - from the build (dist/pipeline/commitments/hash-pool/hash-pool.js) it is the
 *   hash-worker.js next to this module;
 * - from the TypeScript sources (vitest runs them untranspiled on disk), it is the same file
 *   in the build: <repo>/dist/pipeline/commitments/hash-pool/hash-worker.js, which the test
 *   global setup compiles before any suite (`npm run build` otherwise).
 */
export function hashWorkerFile(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  const folder = dirname(here);
  const candidate = here.endsWith('.ts') ? join(resolve(folder, '..', '..', '..'), 'dist', FOLDER, WORKER) : join(folder, WORKER);
  if (!existsSync(candidate)) throw new Error(`hash pool worker not found at ${candidate}: run \`npm run build\` first`);
  return candidate;
}
