import { readFileSync } from 'node:fs';
import { parseLockRecord, type LockRecord } from './lock-record.js';

/** A lock file's holder; 'missing' when there is none (released meanwhile), 'unreadable' when it names none. */
export function readLockFile(path: string): LockRecord | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return parseLockRecord(text) ?? 'unreadable';
}
