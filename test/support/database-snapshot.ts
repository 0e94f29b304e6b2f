import type { DuckDBConnection } from '@duckdb/node-api';

/** Everything ingest may write, in a stable order, to compare a database before and after. */
export async function databaseSnapshot(connection: DuckDBConnection): Promise<unknown> {
  const tables: Record<string, unknown> = {};
  for (const [name, order] of [
    ['trips', 'trip_id'],
    ['owners', 'user_id'],
    ['crystal_events', 'event_id'],
    ['quarantine', 'source, line'],
    ['loads', 'load_id'],
  ] as const) {
    const reader = await connection.runAndReadAll(`SELECT * EXCLUDE (${name === 'loads' ? 'loaded_at' : 'load_id'}) FROM ${name} ORDER BY ${order}`);
    tables[name] = reader.getRowObjectsJson();
  }
  return tables;
}

export async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${table}`);
  return Number(reader.getRows()[0]?.[0]);
}
