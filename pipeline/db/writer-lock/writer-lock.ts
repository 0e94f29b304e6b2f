import { readLockFile } from './read-lock-file.js';
import { createLockFile } from './create-lock-file.js';
import { forgetHeld, isHeldHere } from './held-locks.js';
import { heldByLiveProcess, heldByOtherHost, heldByUnreadableLock } from './in-use-error.js';
import { judgeHolder } from './judge-holder.js';
import type { LockRecord } from './lock-record.js';
import { removeLockFileIfOurs } from './remove-lock-file-if-ours.js';
import { writerLockPathOf } from './writer-lock-path-of.js';

/**
 * This process's right to write one database: the lock file `lockPath` holding `record`.
 * acquireWriterLock takes it; openDatabase takes one per open, and the coordinator one for its
 * whole life (it opens the database per nightly job under it).
 */
export class WriterLock {
  constructor(
    readonly databasePath: string,
    readonly lockPath: string,
    readonly record: LockRecord,
  ) {}

  /** Whether this lock is the one of `databasePath` (however the path is spelled). */
  covers(databasePath: string): boolean {
    return writerLockPathOf(databasePath) === this.lockPath;
  }

  /**
   * Throws a DatabaseInUseError unless the lock file still holds this lock. A lock file deleted by
   * hand under a live holder is put back; one that another process has taken since is refused.
   */
  ensureHeld(): void {
    if (!isHeldHere(this.record.token)) throw new Error(`the writer lock of ${this.databasePath} was released`);
    const current = readLockFile(this.lockPath);
    if (current === 'missing' && createLockFile(this.lockPath, this.record)) return;
    const holder = current === 'missing' ? readLockFile(this.lockPath) : current;
    if (typeof holder === 'object' && holder.token === this.record.token) return;
    if (typeof holder !== 'object') throw heldByUnreadableLock(this.databasePath, this.lockPath);
    throw judgeHolder(holder, isHeldHere) === 'other-host'
      ? heldByOtherHost(this.databasePath, this.lockPath, holder)
      : heldByLiveProcess(this.databasePath, holder);
  }

  /** Removes the lock file if it is still ours; does nothing the second time. */
  release(): void {
    if (!isHeldHere(this.record.token)) return;
    forgetHeld(this.record.token);
    removeLockFileIfOurs(this.lockPath, this.record.token);
  }
}
