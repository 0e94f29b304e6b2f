import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { LockRecord } from './lock-record.js';

/** Filesystems without hard links (some FUSE and SMB mounts) say so with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException).code === code;
}

/**
 * Creates the lock file holding `record` unless a file is there already: true if this call
 * created it. The record is written to a private temporary file first and then hard-linked
 * into place: link() fails if the name exists (as O_EXCL does, NFS included), and the lock
 * appears with its whole contents at once, so no reader ever sees an empty or half-written lock
 * (which it could not judge) and a process killed while writing leaves no lock behind.
 */
export function createLockFile(path: string, record: LockRecord): boolean {
  const text = `${JSON.stringify(record)}\n`;
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    if (NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) return createExclusively(path, text);
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Without hard links: O_EXCL, then the contents (a reader may briefly find it empty: see takeLockFile). */
function createExclusively(path: string, text: string): boolean {
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
}
