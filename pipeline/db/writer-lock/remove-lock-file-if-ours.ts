import { unlinkSync } from 'node:fs';
import { readLockFile } from './read-lock-file.js';

/**
 * Removes the lock file if it still holds `token`; true if it did. Reading and then unlinking
 * is safe here: once the file holds our token, only we remove it (no one takes over the lock of
 * a live process), so it cannot change in between.
 */
export function removeLockFileIfOurs(path: string, token: string): boolean {
  const current = readLockFile(path);
  if (typeof current !== 'object' || current.token !== token) return false;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return true;
}
