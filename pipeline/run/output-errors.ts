import { OutputError } from '../errors/index.js';

const FILESYSTEM_CODES = new Set(['EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOSPC', 'EROFS', 'EDQUOT', 'ENAMETOOLONG']);

/**
 * Runs a stage that writes under the output folder: a filesystem refusal (the folder is a
 * file, not writable, the disk is full) becomes one line naming the folder, not a stack trace.
 */
export async function withOutputErrors<T>(outDir: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    // The prove stage wraps a worker's or a write's error: its cause keeps the code.
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? ((error as Error | undefined)?.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code !== undefined && FILESYSTEM_CODES.has(code)) {
      throw new OutputError(`cannot write the run folder under ${outDir}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
