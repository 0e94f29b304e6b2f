import { StonesError } from './stones-error.js';

/** The process a writer lock names: what a user needs to find it (and, if it is gone, to know it is). */
export interface DatabaseHolder {
  pid: number;
  hostname: string;
  command: string;
  started_at: string;
}

/**
 * The database is held by another process (its writer lock, or DuckDB's own lock on the file):
 * one writer at a time. The message names the holder on one line. Retryable, because the
 * holder may finish: a nightly job that meets a `stones runs` reading the file tries again later.
 */
export class DatabaseInUseError extends StonesError {
  readonly code = 'database_in_use';
  override readonly retryable = true;

  constructor(
    readonly databasePath: string,
    message: string,
    readonly holder?: DatabaseHolder,
  ) {
    super(message);
  }
}
