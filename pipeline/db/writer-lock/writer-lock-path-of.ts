import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The lock file of a database: `<database>.lock`, next to it. Next to it, so that every process
 * that can open the database sees the same lock, other machines mounting the folder included,
 * and so that it lives on the same filesystem (hard links and exclusive creation are atomic
 * there). Built from the real path, so `./stones.duckdb`, an absolute path and a symbolic link
 * to the file all meet at one lock.
 */
export function writerLockPathOf(databasePath: string): string {
  return `${realPathOf(databasePath)}.lock`;
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not created yet: its folder's real path (a folder that does not exist fails later, in DuckDB).
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}
