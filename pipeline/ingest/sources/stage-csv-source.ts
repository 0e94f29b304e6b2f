import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../db/index.js';
import { InputFileError } from '../../errors/index.js';
import type { SourceColumnTypes } from '../column-expressions.js';
import { inputColumnList } from '../column-expressions.js';
import { countLeadingBlankLines } from '../count-leading-blank-lines.js';
import { matchInputColumns } from './match-input-columns.js';
import type { StagedSource } from './staged-source.js';

/** Widest header we try to recognise; a file with more columns is not an input file. */
const MAX_HEADER_COLUMNS = 256;

/**
 * RFC 4180 dialect, fixed rather than sniffed: the sniffer gives up on exactly the messy files
 * we must load row by row, and a fixed dialect makes every deviation a rejected record.
 */
const CSV_DIALECT = `auto_detect = false, delim = ',', quote = '"', escape = '"'`;

function columnsStruct(names: readonly string[]): string {
  return `{${names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ')}}`;
}

let stagedCount = 0;

function tempNames(): { rejectsTable: string; rejectsScan: string } {
  const suffix = `${process.pid}_${++stagedCount}`;
  return { rejectsTable: `csv_rejects_${suffix}`, rejectsScan: `csv_scans_${suffix}` };
}

function rejectOptions(names: { rejectsTable: string; rejectsScan: string }): string {
  return `store_rejects = true, rejects_table = ${sqlString(names.rejectsTable)}, rejects_scan = ${sqlString(names.rejectsScan)}`;
}

async function dropTempTables(connection: DuckDBConnection, names: { rejectsTable: string; rejectsScan: string }): Promise<void> {
  await connection.run(`DROP TABLE IF EXISTS ${names.rejectsTable}; DROP TABLE IF EXISTS ${names.rejectsScan};`);
}

/**
 * The header through DuckDB's own parser: the first record, read into more slots than any
 * input file has. Rejects are stored rather than raised, because the reader parses a whole
 * buffer even for one row and a bad record further down must not fail the header.
 */
async function readCsvHeader(connection: DuckDBConnection, path: string, headerLine: number): Promise<string[]> {
  const slots = Array.from({ length: MAX_HEADER_COLUMNS }, (_, k) => `h${k}`);
  const names = tempNames();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_csv(${sqlString(path)}, ${CSV_DIALECT}, header = false, null_padding = true,
         parallel = false, columns = ${columnsStruct(slots)}, ${rejectOptions(names)}) LIMIT 1`,
    );
    const headerRejected = await connection.runAndReadAll(`SELECT count(*) FROM ${names.rejectsTable} WHERE line <= $1`, [headerLine]);
    if (Number(headerRejected.getRows()[0]?.[0]) > 0) {
      throw new InputFileError('input_no_header', path, `no recognisable CSV header: line ${headerLine} is not a well-formed CSV record`);
    }
    const row = reader.getRows()[0];
    if (!row) throw new InputFileError('input_no_header', path, 'no recognisable header: the file is empty');
    const header: string[] = [];
    for (const value of row) {
      if (value === null) break;
      header.push(String(value));
    }
    return header;
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const reason = (error as Error).message.split('\n')[0];
    throw new InputFileError('input_no_header', path, `no recognisable CSV header (${reason})`, { cause: error });
  } finally {
    await dropTempTables(connection, names);
  }
}

export async function stageCsvSource(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const headerLine = 1 + (await countLeadingBlankLines(path));
  const header = await readCsvHeader(connection, path, headerLine);
  const matched = matchInputColumns(path, header);
  // Positional names keep odd header spellings out of SQL identifiers.
  const positional = header.map((_, k) => `f${k}`);
  const positionOf = new Map(header.map((name, k) => [name, positional[k] as string]));
  const names = tempNames();
  const relation = `(
    SELECT NULL::VARCHAR AS raw, false AS malformed,
           ${inputColumnList(matched.schema.columns, (c) => {
             const name = matched.sourceName[c] ?? null;
             return name === null ? null : (positionOf.get(name) as string);
           })}
    FROM read_csv(${sqlString(path)}, ${CSV_DIALECT}, header = true, columns = ${columnsStruct(positional)},
                  ${rejectOptions(names)})
  )`;
  const columnTypes: SourceColumnTypes = Object.fromEntries(
    matched.schema.columns.map((c) => [c, (matched.sourceName[c] ?? null) === null ? null : 'VARCHAR']),
  );
  return {
    format: 'csv',
    kind: matched.schema.kind,
    relation,
    columnTypes,
    ignoredColumns: matched.ignored,
    lines: { kind: 'csv', headerLine },
    ordinal: 'NULL::BIGINT',
    rejectsTable: names.rejectsTable,
    dispose: () => dropTempTables(connection, names),
  };
}
