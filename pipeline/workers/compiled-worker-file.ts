import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled JavaScript of a worker module (worker threads load plain JavaScript only):
 * next to the calling module in the build (dist/), or, when the caller runs from its
 * TypeScript source under vitest, the copy in <repo>/dist/ that the test global setup builds.
 * `folder` is the worker's folder from the repository root, e.g. `pipeline/proving/prove`.
 */
export function compiledWorkerFile(moduleUrl: string, folder: string, worker: string): string {
  const here = fileURLToPath(moduleUrl);
  const depth = folder.split('/').length;
  const candidate = here.endsWith('.ts')
    ? join(resolve(dirname(here), ...new Array<string>(depth).fill('..')), 'dist', folder, worker)
    : join(dirname(here), worker);
  if (!existsSync(candidate)) throw new Error(`worker ${worker} not found at ${candidate}: run \`npm run build\` first`);
  return candidate;
}
