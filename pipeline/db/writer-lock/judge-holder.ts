import { hostname } from 'node:os';
import { isProcessAlive } from './is-process-alive.js';
import type { LockRecord } from './lock-record.js';

/**
 * live: the holder runs (refuse). stale: it is gone (take the lock over). other-host: it runs,
 * or ran, on another machine sharing the folder, where a pid means nothing here (nor does it
 * across the pid namespaces of two containers, which have different hostnames): it cannot be
 * judged, so the lock is refused and the message says how to remove it.
 */
export type HolderVerdict = 'live' | 'stale' | 'other-host';

/**
 * `heldHere(token)`: whether this process took that lock. A lock naming our own pid is live only
 * then; otherwise an earlier process with our pid left it (a container restarted: its main
 * process gets the same pid), and it is stale even though our pid is alive.
 */
export function judgeHolder(holder: LockRecord, heldHere: (token: string) => boolean): HolderVerdict {
  if (holder.hostname !== hostname()) return 'other-host';
  if (holder.pid === process.pid) return heldHere(holder.token) ? 'live' : 'stale';
  return isProcessAlive(holder.pid) ? 'live' : 'stale';
}
