import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DatabaseInUseError } from '../errors/database-in-use-error.js';
import { readSqlFile } from './read-sql-file.js';
import { acquireWriterLock } from './writer-lock/acquire-writer-lock.js';
import { duckdbLockConflict } from './writer-lock/duckdb-lock-conflict.js';
import type { WriterLock } from './writer-lock/writer-lock.js';

import { DEFAULT_DATABASE_PATH } from './default-database-path.js';

export { DEFAULT_DATABASE_PATH };

export interface Database {
  readonly path: string;
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  close(): void;
}

export interface OpenDatabaseOptions {
  /**
   * The writer lock of this database, held already by the caller: the coordinator takes it once
   * at its start and opens the database under it for each nightly job. The open takes no lock of
   * its own, and close() leaves this one held.
   */
  heldLock?: WriterLock;
  /**
   * When another process holds the writer lock: 'refuse' (the default, for every command that
   * writes) throws a DatabaseInUseError naming it; 'read-only' (for commands that only read, such
   * as `stones runs`) opens the file read-only instead, which DuckDB allows while the holder has
   * the file closed, as a coordinator has between its nightly jobs.
   */
  whenInUse?: 'refuse' | 'read-only';
}

/** DuckDB's in-memory databases (`:memory:`, `:memory:name`, the empty path): nothing to share, nothing to lock. */
function isInMemory(path: string): boolean {
  return path === '' || path.startsWith(':memory:');
}

/** A lock file that cannot be written (a read-only folder) does not keep a reader out. */
function isUnwritable(error: unknown): boolean {
  return ['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * Opens (creating if needed) the embedded DuckDB file and makes sure every table exists.
 *
 * One process writes a database at a time. DuckDB enforces it with a lock on the file while it
 * is open; on top of that the opener takes the database's writer lock (`<database>.lock`, see
 * pipeline/db/writer-lock/), which also covers the time a coordinator has the file closed
 * between its jobs, names its holder (pid, host, command, since when) in the one-line refusal,
 * and is taken over when its holder died. close() releases it.
 */
export async function openDatabase(path: string = DEFAULT_DATABASE_PATH, options: OpenDatabaseOptions = {}): Promise<Database> {
  if (isInMemory(path)) return openReadWrite(path, () => undefined);
  if (options.heldLock) return openUnderHeldLock(path, options.heldLock);
  let lock: WriterLock;
  try {
    lock = await acquireWriterLock(path);
  } catch (error) {
    if (options.whenInUse === 'read-only' && error instanceof DatabaseInUseError) return openReadOnly(path, error);
    if (options.whenInUse === 'read-only' && isUnwritable(error)) return openReadOnly(path);
    throw error;
  }
  try {
    return await openReadWrite(path, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openUnderHeldLock(path: string, lock: WriterLock): Promise<Database> {
  if (!lock.covers(path)) throw new Error(`the writer lock of ${lock.databasePath} does not cover ${path}`);
  lock.ensureHeld();
  return openReadWrite(path, () => undefined);
}

async function openReadWrite(path: string, releaseLock: () => void): Promise<Database> {
  const instance = await createInstance(path, {});
  try {
    const connection = await instance.connect();
    await connection.run(readSqlFile('pipeline/db/schema.sql'));
    return {
      path,
      instance,
      connection,
      close() {
        try {
          connection.closeSync();
          instance.closeSync();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

/**
 * Read-only, without the writer lock and without the schema (nothing can be created): the holder
 * is the writer, and the tables are as it left them. Fails, naming the holder, while the holder
 * has the file open.
 */
async function openReadOnly(path: string, inUse?: DatabaseInUseError): Promise<Database> {
  const instance = await createInstance(path, { access_mode: 'READ_ONLY' }, inUse);
  const connection = await instance.connect();
  return {
    path,
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function createInstance(path: string, options: Record<string, string>, inUse?: DatabaseInUseError): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(path, options);
  } catch (error) {
    throw duckdbLockConflict(error, path, inUse?.holder) ?? error;
  }
}
