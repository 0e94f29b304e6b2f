import { compiledWorkerFile } from '../../workers/index.js';

/** The compiled hash worker, next to this module in the build or in dist/ under vitest. */
export function hashWorkerFile(moduleUrl: string = import.meta.url): string {
  return compiledWorkerFile(moduleUrl, 'pipeline/commitments/hash-pool', 'hash-worker.js');
}
