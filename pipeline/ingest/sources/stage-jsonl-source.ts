import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../db/index.js';
import { InputFileError } from '../../errors/index.js';
import { inputColumnList, type SourceColumnTypes } from '../column-expressions.js';
import { matchInputColumns } from './match-input-columns.js';
import type { StagedSource } from './staged-source.js';

/** Keys are discovered on the first objects of the file; later rows are judged against them. */
const KEY_DISCOVERY_LINES = 1000;

let stagedCount = 0;

function jsonPath(key: string): string {
  return sqlString(`$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
}

/**
 * JSON Lines through DuckDB's JSON functions. The file is split into physical lines first so
 * that a line that is not JSON becomes one malformed row with its own line number instead of
 * failing the file, and blank lines (not rows) keep their numbers.
 */
export async function stageJsonlSource(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const table = `jsonl_lines_${process.pid}_${++stagedCount}`;
  try {
    await connection.run(`
      CREATE TEMP TABLE ${table} AS
      -- CASE, not AND: json_type raises on text that is not JSON, and AND evaluates both sides.
      SELECT ordinal, line, CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS is_object
      FROM (
        SELECT generate_subscripts(parts, 1) AS ordinal, rtrim(unnest(parts), chr(13)) AS line
        FROM (SELECT string_split(content, chr(10)) AS parts FROM read_text(${sqlString(path)}))
      )
      WHERE trim(line) <> ''`);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new InputFileError('input_unreadable', path, `not a readable JSON Lines file (${reason})`, { cause: error });
  }
  const dispose = async () => {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
  };
  try {
    const keys = await connection.runAndReadAll(`
      SELECT DISTINCT unnest(json_keys(line)) AS key
      FROM (SELECT line FROM ${table} WHERE is_object ORDER BY ordinal LIMIT ${KEY_DISCOVERY_LINES})
      ORDER BY key`);
    const header = keys.getRowObjectsJS().map((row) => String(row.key));
    if (header.length === 0) {
      throw new InputFileError('input_no_header', path, 'no recognisable header: no line is a JSON object');
    }
    const matched = matchInputColumns(path, header);
    const present = matched.schema.columns.filter((c) => matched.sourceName[c] !== null);
    const slot = new Map<string, number>(present.map((c, k) => [c, k + 1]));
    // One JSON parse per line for all keys, instead of one per key.
    const paths = `[${present.map((c) => jsonPath(matched.sourceName[c] as string)).join(', ')}]`;
    const relation = `(
      SELECT ordinal, line AS raw, NOT is_object AS malformed,
             ${inputColumnList(matched.schema.columns, (c) => (slot.has(c) ? `v[${slot.get(c)}]` : null))}
      FROM (SELECT ordinal, line, is_object,
                   CASE WHEN is_object THEN json_extract_string(line, ${paths}) END AS v
            FROM ${table})
    )`;
    const columnTypes: SourceColumnTypes = Object.fromEntries(matched.schema.columns.map((c) => [c, slot.has(c) ? 'VARCHAR' : null]));
    return { format: 'jsonl', kind: matched.schema.kind, relation, columnTypes, ignoredColumns: matched.ignored, lines: { kind: 'ordinal' }, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
