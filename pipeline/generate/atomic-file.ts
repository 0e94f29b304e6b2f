import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let tempCounter = 0;

/**
 * Runs `write` on a temporary file next to `path`, then renames it into place: a crash or an
 * error never leaves half a file at `path`, and readers see either the old file or the new
 * one. The temporary name starts with a dot and names the process, so concurrent writers and
 * directory listings do not trip over it.
 */
export async function writeAtomically<T>(path: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  tempCounter += 1;
  const tempPath = join(directory, `.${basename(path)}.${process.pid}-${tempCounter}.tmp`);
  try {
    const result = await write(tempPath);
    await rename(tempPath, path);
    return result;
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
