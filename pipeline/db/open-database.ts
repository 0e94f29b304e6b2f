import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { readSqlFile } from './read-sql-file.js';

export const DEFAULT_DATABASE_PATH = './stones.duckdb';

export interface Database {
  readonly path: string;
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens (creating if needed) the embedded DuckDB file and makes sure every table exists.
 * DuckDB allows one writer process per file: only the coordinator calls this for writing.
 */
export async function openDatabase(path: string = DEFAULT_DATABASE_PATH): Promise<Database> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(readSqlFile('pipeline/db/schema.sql'));
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
