import { readFile } from 'node:fs/promises';
import {
  BIGINT,
  DATE,
  dateValue,
  DOUBLE,
  DuckDBDataChunk,
  TIMESTAMP,
  TIMESTAMPTZ,
  timestampTZValue,
  timestampValue,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { DataType, tableFromIPC, type Table, type Timestamp, type Vector } from 'apache-arrow';
import { InputFileError } from '../../errors/index.js';
import { inputColumnList, type SourceColumnTypes } from '../column-expressions.js';
import { matchInputColumns } from './match-input-columns.js';
import type { StagedSource } from './staged-source.js';

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

interface ColumnPlan {
  column: string;
  vector: Vector;
  sqlType: string;
  duckType: DuckDBType;
  convert: (value: unknown) => DuckDBValue;
}

/** apache-arrow hands timestamps back as epoch milliseconds (a number), whatever the unit. */
function timestampMicros(value: unknown): bigint {
  return BigInt(Math.round(Number(value) * 1000));
}

const MS_PER_DAY = 86_400_000;

/**
 * How an Arrow column becomes a DuckDB column; strings stay strings so they are checked like
 * CSV text. sqlType is the name DuckDB's DESCRIBE gives the type, as the checks expect it
 * (column-expressions.ts), so a typed Arrow column is read like the same Parquet column.
 */
function planColumn(column: string, vector: Vector): ColumnPlan {
  const type = vector.type as DataType;
  if (DataType.isFloat(type) || DataType.isInt(type) || DataType.isDecimal(type)) {
    return { column, vector, sqlType: 'DOUBLE', duckType: DOUBLE, convert: (v) => Number(v) };
  }
  if (DataType.isDate(type)) {
    // apache-arrow hands dates (day or millisecond unit) back as epoch milliseconds.
    return { column, vector, sqlType: 'DATE', duckType: DATE, convert: (v) => dateValue(Math.floor(Number(v) / MS_PER_DAY)) };
  }
  if (DataType.isTimestamp(type)) {
    if ((type as Timestamp).timezone) {
      return { column, vector, sqlType: 'TIMESTAMP WITH TIME ZONE', duckType: TIMESTAMPTZ, convert: (v) => timestampTZValue(timestampMicros(v)) };
    }
    return { column, vector, sqlType: 'TIMESTAMP', duckType: TIMESTAMP, convert: (v) => timestampValue(timestampMicros(v)) };
  }
  return { column, vector, sqlType: 'VARCHAR', duckType: VARCHAR, convert: (v) => String(v) };
}

async function readArrowTable(path: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputFileError('input_unreadable', path, `cannot read the file (${(error as NodeJS.ErrnoException).code})`, { cause: error });
  }
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw new InputFileError('input_unreadable', path, `not a readable Arrow IPC file (${(error as Error).message})`, { cause: error });
  }
}

let stagedCount = 0;

/**
 * Arrow IPC through apache-arrow (DuckDB's node API cannot scan Arrow): the matched columns
 * are copied chunk by chunk into a temp table, and checked from there like any other source.
 */
export async function stageArrowSource(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const table = await readArrowTable(path);
  const matched = matchInputColumns(
    path,
    table.schema.fields.map((f) => f.name),
  );
  const plans = matched.schema.columns.flatMap((column) => {
    const name = matched.sourceName[column] ?? null;
    if (name === null) return [];
    const vector = table.getChild(name);
    if (!vector) throw new Error(`arrow column ${name} vanished between schema and data`);
    return [planColumn(column, vector)];
  });
  const temp = `arrow_rows_${process.pid}_${++stagedCount}`;
  await connection.run(`CREATE TEMP TABLE ${temp} (ordinal BIGINT, ${plans.map((p) => `in_${p.column} ${p.sqlType}`).join(', ')})`);
  const dispose = async () => {
    await connection.run(`DROP TABLE IF EXISTS ${temp}`);
  };
  try {
    const appender = await connection.createAppender(temp);
    const types = [BIGINT, ...plans.map((p) => p.duckType)];
    for (let start = 0; start < table.numRows; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, table.numRows - start);
      const chunk = DuckDBDataChunk.create(types, rows);
      chunk.setColumnValues(
        0,
        Array.from({ length: rows }, (_, k) => BigInt(start + k + 1)),
      );
      plans.forEach((plan, p) => {
        const values: DuckDBValue[] = new Array(rows);
        for (let k = 0; k < rows; k += 1) {
          const value = plan.vector.get(start + k) as unknown;
          values[k] = value === null || value === undefined ? null : plan.convert(value);
        }
        chunk.setColumnValues(p + 1, values);
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  } catch (error) {
    await dispose();
    throw error;
  }
  const columnTypes: SourceColumnTypes = Object.fromEntries(matched.schema.columns.map((c) => [c, plans.find((p) => p.column === c)?.sqlType ?? null]));
  const present = new Set(plans.map((p) => p.column));
  const relation = `(
    SELECT ordinal, NULL::VARCHAR AS raw, false AS malformed,
           ${inputColumnList(matched.schema.columns, (c) => (present.has(c) ? `in_${c}` : null))}
    FROM ${temp}
  )`;
  return { format: 'arrow', kind: matched.schema.kind, relation, columnTypes, ignoredColumns: matched.ignored, lines: { kind: 'ordinal' }, dispose };
}
