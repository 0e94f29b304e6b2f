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
  await ensureDirectory(directory);
  tempCounter += 1;
  const tempPath = join(directory, `.${basename(path)}.${process.pid}-${tempCounter}.tmp`);
  try {
    const result = await write(tempPath);
    await rename(tempPath, path);
    return result;
  } catch (error) {
    // The write's own error is the one to report, not a failed clean-up of what it left.
    await rm(tempPath, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * mkdir -p, one level at a time: Node's `{ recursive: true }` spins forever where mkdir keeps
 * answering ENOENT for an existing parent (e.g. under /proc); here the second ENOENT is thrown.
 */
async function ensureDirectory(directory: string): Promise<void> {
  try {
    await mkdir(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(directory);
    if (code !== 'ENOENT' || parent === directory) throw error;
    await ensureDirectory(parent);
    await mkdir(directory);
  }
}
