import { compiledWorkerFile } from '../../workers/index.js';

/** The compiled prove worker, next to this module in the build or in dist/ under vitest. */
export function proveWorkerFile(moduleUrl: string = import.meta.url): string {
  return compiledWorkerFile(moduleUrl, 'pipeline/proving/prove', 'prove-worker.js');
}
