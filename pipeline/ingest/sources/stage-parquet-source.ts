import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../db/index.js';
import { InputFileError } from '../../errors/index.js';
import { inputColumnList, type SourceColumnTypes } from '../column-expressions.js';
import { matchInputColumns } from './match-input-columns.js';
import type { StagedSource } from './staged-source.js';

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function stageParquetSource(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const read = `read_parquet(${sqlString(path)}, file_row_number = true)`;
  let schema: { name: string; type: string }[];
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * EXCLUDE (file_row_number) FROM ${read}`);
    schema = reader.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new InputFileError('input_unreadable', path, `not a readable Parquet file (${reason})`, { cause: error });
  }
  const matched = matchInputColumns(
    path,
    schema.map((c) => c.name),
  );
  const typeOf = new Map(schema.map((c) => [c.name, c.type]));
  const columnTypes: SourceColumnTypes = Object.fromEntries(
    matched.schema.columns.map((c) => {
      const name = matched.sourceName[c] ?? null;
      return [c, name === null ? null : (typeOf.get(name) as string)];
    }),
  );
  const relation = `(
    SELECT file_row_number + 1 AS ordinal, NULL::VARCHAR AS raw, false AS malformed,
           ${inputColumnList(matched.schema.columns, (c) => {
             const name = matched.sourceName[c] ?? null;
             return name === null ? null : quoteIdentifier(name);
           })}
    FROM ${read}
  )`;
  return {
    format: 'parquet',
    kind: matched.schema.kind,
    relation,
    columnTypes,
    ignoredColumns: matched.ignored,
    lines: { kind: 'ordinal' },
    async dispose() {},
  };
}
