import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = 'prove-worker.js';
/** This folder, relative to the repository root (and to dist/ in the build). */
const FOLDER = join('pipeline', 'proving', 'prove');

/**
 * The compiled prove worker (worker threads load plain JavaScript only), as for the hash pool
 * (commitments/hash-pool/worker-file.ts): next to this module in the build, or from the
 * TypeScript sources (vitest) the copy in <repo>/dist/ that the test global setup compiles.
 */
export function proveWorkerFile(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  const folder = dirname(here);
  const candidate = here.endsWith('.ts') ? join(resolve(folder, '..', '..', '..'), 'dist', FOLDER, WORKER) : join(folder, WORKER);
  if (!existsSync(candidate)) throw new Error(`prove worker not found at ${candidate}: run \`npm run build\` first`);
  return candidate;
}
