import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs `body` in one DuckDB transaction: committed if it returns, rolled back if it throws
 * (the first error is kept). The connection must not already be inside a transaction.
 */
export async function inTransaction<T>(connection: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  let result: T;
  try {
    result = await body();
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await connection.run('COMMIT');
  return result;
}
