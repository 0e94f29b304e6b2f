import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseInUseError } from '../../errors/database-in-use-error.js';
import { isHeldHere, rememberHeld } from './held-locks.js';
import { heldByLiveProcess, heldByOtherHost, heldByUnreadableLock, lockKeptChanging } from './in-use-error.js';
import { takeLockFile, type TakeOutcome } from './take-lock-file.js';
import { WriterLock } from './writer-lock.js';
import { writerLockPathOf } from './writer-lock-path-of.js';

/**
 * A lock that changes hands while we look (a stale one being removed by another process, a
 * release) settles within microseconds; a file that names no holder may be one being written
 * where there are no hard links. About a second of retries covers both without a user waiting.
 */
const ATTEMPTS = 40;
const RETRY_MS = 25;

/**
 * Takes the writer lock of the database at `databasePath` (`<database>.lock`), or throws a
 * DatabaseInUseError naming its holder. A lock left by a dead process of this host is taken over.
 */
export async function acquireWriterLock(databasePath: string): Promise<WriterLock> {
  const lockPath = writerLockPathOf(databasePath);
  let outcome: TakeOutcome = { status: 'contended' };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(RETRY_MS);
    outcome = takeLockFile(lockPath, isHeldHere);
    if (outcome.status === 'taken') {
      rememberHeld(outcome.record.token, lockPath); // before any await: see takeLockFile
      return new WriterLock(databasePath, lockPath, outcome.record);
    }
    if (outcome.status === 'held') throw refusal(databasePath, lockPath, outcome);
  }
  throw outcome.status === 'unreadable' ? heldByUnreadableLock(databasePath, lockPath) : lockKeptChanging(databasePath, lockPath);
}

function refusal(databasePath: string, lockPath: string, outcome: Extract<TakeOutcome, { status: 'held' }>): DatabaseInUseError {
  return outcome.verdict === 'other-host' ? heldByOtherHost(databasePath, lockPath, outcome.holder) : heldByLiveProcess(databasePath, outcome.holder);
}
