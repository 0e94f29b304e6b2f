import { DuckDBDataChunk, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

/**
 * Appends rows given column by column to an existing table, a data chunk at a time (the
 * fastest way into DuckDB from JavaScript). Columns must match the table's, in order.
 */
export async function appendColumns(
  connection: DuckDBConnection,
  table: string,
  types: readonly DuckDBType[],
  columns: readonly (readonly DuckDBValue[])[],
): Promise<void> {
  const rows = columns[0]?.length ?? 0;
  if (columns.length !== types.length || columns.some((c) => c.length !== rows)) {
    throw new Error(`appendColumns(${table}): ${columns.length} columns of unequal length for ${types.length} types`);
  }
  const appender = await connection.createAppender(table);
  try {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, rows - start);
      const chunk = DuckDBDataChunk.create(types, count);
      for (const [index, column] of columns.entries()) chunk.setColumnValues(index, column.slice(start, start + count));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
