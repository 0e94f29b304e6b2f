import { removeLockFileIfOurs } from './remove-lock-file-if-ours.js';

/** The writer locks this process holds: token to lock file. */
const held = new Map<string, string>();
let releasingOnExit = false;

/**
 * Whether this process took the lock with this token (see judgeHolder: a lock naming our own pid
 * is ours only if it is in here).
 */
export function isHeldHere(token: string): boolean {
  return held.has(token);
}

export function rememberHeld(token: string, lockPath: string): void {
  held.set(token, lockPath);
  if (releasingOnExit) return;
  releasingOnExit = true;
  // process.exit() (the coordinator's way out after SIGTERM) runs no `finally`: the locks still
  // held are released here. A process killed by a signal runs nothing at all: its lock is left
  // stale, and the next process to open the database takes it over.
  process.once('exit', releaseAllHeld);
}

export function forgetHeld(token: string): void {
  held.delete(token);
}

function releaseAllHeld(): void {
  for (const [token, lockPath] of held) removeLockFileIfOurs(lockPath, token);
  held.clear();
}
