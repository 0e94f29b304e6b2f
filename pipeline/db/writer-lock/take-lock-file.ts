import { unlinkSync } from 'node:fs';
import { createLockFile } from './create-lock-file.js';
import { judgeHolder, type HolderVerdict } from './judge-holder.js';
import { lockRecordOfThisProcess, type LockRecord } from './lock-record.js';
import { readLockFile } from './read-lock-file.js';

/**
 * taken: the file is ours, holding `record`. held: a live holder, or one that cannot be judged
 * (another host's), has it. unreadable: the file names no holder. contended: the lock changed
 * hands while we looked (released, or a stale one being removed by another process): try again.
 */
export type TakeOutcome =
  | { status: 'taken'; record: LockRecord }
  | { status: 'held'; holder: LockRecord; verdict: Exclude<HolderVerdict, 'stale'> }
  | { status: 'unreadable' }
  | { status: 'contended'; holder?: LockRecord };

/**
 * One attempt at the lock file `path`, taking over a stale one. Synchronous from start to end:
 * no other code of this process runs in between, so the in-process bookkeeping (`heldHere`) and
 * the files cannot disagree.
 */
export function takeLockFile(path: string, heldHere: (token: string) => boolean): TakeOutcome {
  const record = lockRecordOfThisProcess();
  if (createLockFile(path, record)) return { status: 'taken', record };
  const holder = readLockFile(path);
  if (holder === 'missing') return { status: 'contended' };
  if (holder === 'unreadable') return { status: 'unreadable' };
  const verdict = judgeHolder(holder, heldHere);
  if (verdict !== 'stale') return { status: 'held', holder, verdict };
  removeStaleLockFile(path, holder, heldHere);
  // Removed or not, someone may have created the lock since: the next attempt finds out.
  return { status: 'contended', holder };
}

/**
 * Removes the lock file `path` if, and only if, it is still the stale lock `stale`.
 *
 * Deleting it directly would race: two processes both judge the same lock stale; the first
 * deletes it and creates its own; the second, acting on what it read before, deletes that new
 * lock and creates another, and both believe they hold the database. Renaming it away first
 * does not help either (the second could rename away the first's new lock).
 *
 * So the right to remove `stale` is itself a lock file, `<path>.break-<stale token>`, taken
 * with the same exclusive creation: only one process at a time can hold it. Under it we read the
 * lock again and unlink it only if it still carries the stale token. Between that read and the
 * unlink nothing else can remove it (its holder is dead and the right to break it is ours), and
 * nothing can replace it without removing it first. After the unlink every contender races on
 * the exclusive creation of `path`, which exactly one wins. The right is named after the stale
 * token, so a late contender that takes it after we dropped it finds a different token under it
 * and removes nothing. The right is taken by this same function, so one left by a breaker killed
 * within these few statements is stale in turn, and is broken the same way.
 */
export function removeStaleLockFile(path: string, stale: LockRecord, heldHere: (token: string) => boolean): void {
  const breakPath = `${path}.break-${stale.token}`;
  const right = takeLockFile(breakPath, heldHere);
  if (right.status !== 'taken') return; // another process is removing it now
  try {
    const current = readLockFile(path);
    if (typeof current === 'object' && current.token === stale.token) unlinkSync(path);
  } finally {
    unlinkSync(breakPath);
  }
}
