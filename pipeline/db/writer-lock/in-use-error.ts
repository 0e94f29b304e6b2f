import { hostname } from 'node:os';
import { DatabaseInUseError, type DatabaseHolder } from '../../errors/database-in-use-error.js';

/** `pid 4242 on host box (stones run --db x.duckdb) since 2026-11-02T02:00:00.000Z` */
function describeHolder(holder: DatabaseHolder): string {
  return `pid ${holder.pid} on host ${holder.hostname} (${holder.command}) since ${holder.started_at}`;
}

/** The refusal when a live process of this host holds the lock. */
export function heldByLiveProcess(databasePath: string, holder: DatabaseHolder): DatabaseInUseError {
  const who = holder.pid === process.pid && holder.hostname === hostname() ? `${describeHolder(holder)}, this very process` : describeHolder(holder);
  return new DatabaseInUseError(databasePath, `${databasePath} is in use by ${who}: one process writes a database at a time`, holder);
}

/** The refusal when the holder is on another host: whether it still runs cannot be told from here. */
export function heldByOtherHost(databasePath: string, lockPath: string, holder: DatabaseHolder): DatabaseInUseError {
  return new DatabaseInUseError(
    databasePath,
    `${databasePath} is in use by ${describeHolder(holder)}; that host is not this one (${hostname()}), so whether the process still runs cannot be checked from here: if it does not, delete ${lockPath}`,
    holder,
  );
}

/** The refusal when the lock file names no holder (not written by stones, or a hand edit). */
export function heldByUnreadableLock(databasePath: string, lockPath: string): DatabaseInUseError {
  return new DatabaseInUseError(
    databasePath,
    `${databasePath} is locked by ${lockPath}, which names no holder: if no stones process is using the database, delete it`,
  );
}

/** The refusal when other processes kept taking and removing the lock while we tried. */
export function lockKeptChanging(databasePath: string, lockPath: string): DatabaseInUseError {
  return new DatabaseInUseError(
    databasePath,
    `${databasePath}: its lock ${lockPath} kept changing hands (other processes opening it at the same time): try again`,
  );
}
