import { hostname } from 'node:os';
import { DatabaseInUseError, type DatabaseHolder } from '../../errors/database-in-use-error.js';
import { heldByLiveProcess } from './in-use-error.js';

// DuckDB 1.x: `IO Error: Could not set lock on file "<path>": Conflicting lock is held in <program> (PID <n>) ...`
const LOCK_CONFLICT = /Could not set lock on file/;
const CONFLICTING_PROCESS = /Conflicting lock is held in (.+?) \(PID (\d+)\)/;

/**
 * DuckDB's own refusal (another process has the file open) as a DatabaseInUseError, or
 * undefined for any other error. The writer lock makes it rare, but it still happens: a
 * `stones runs` reading the file while a nightly job opens it, a stones without the lock, another
 * program. `knownHolder`, the writer lock's holder when there is one, is named when it is the
 * process DuckDB reports; otherwise DuckDB's pid and program are.
 */
export function duckdbLockConflict(error: unknown, databasePath: string, knownHolder?: DatabaseHolder): DatabaseInUseError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!LOCK_CONFLICT.test(message)) return undefined;
  const conflicting = CONFLICTING_PROCESS.exec(message);
  if (!conflicting)
    return new DatabaseInUseError(databasePath, `${databasePath} is open in another process (DuckDB: ${message.replace(/\s+/g, ' ')})`, knownHolder);
  const pid = Number(conflicting[2]);
  if (knownHolder && knownHolder.pid === pid && knownHolder.hostname === hostname()) return heldByLiveProcess(databasePath, knownHolder);
  return new DatabaseInUseError(databasePath, `${databasePath} is open in another process: pid ${pid} on host ${hostname()} (${conflicting[1]})`);
}
