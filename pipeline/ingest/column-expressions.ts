import { NUMBER_COLUMNS, TEXT_COLUMNS, TIMESTAMP_COLUMNS, TRIP_INPUT_COLUMNS, type TripInputColumn } from './trip-columns.js';

/**
 * The end of an ISO-8601 date-time with an explicit UTC offset. Without the offset DuckDB
 * would read the value in the session's time zone, silently shifting the trip: such a value
 * is a bad_timestamp. Only the tail is matched (a full-string match costs as much as the CSV
 * parse); the date part is then checked by DuckDB's own ISO-8601 cast.
 */
export const ISO_TIMESTAMP_OFFSET_TAIL = String.raw`\d[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}(:?\d{2})?)$`;

/** The DuckDB type of each input column in a staged source, or null when the file lacks it. */
export type SourceColumnTypes = Record<TripInputColumn, string | null>;

const TEXT_TYPES = new Set(['VARCHAR']);
const NUMERIC_TYPES = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INTEGER)$/;

function inputName(column: TripInputColumn): string {
  return `in_${column}`;
}

/**
 * Text without surrounding spaces, NULL when empty. trim() copies every string, which costs
 * a third of the checks; only values that start or end with a space pay for it.
 */
function trimmedText(text: string): string {
  return `CASE WHEN starts_with(${text}, ' ') OR ends_with(${text}, ' ') THEN nullif(trim(${text}), '') ELSE nullif(${text}, '') END`;
}

function textValue(column: TripInputColumn, type: string | null): string {
  if (type === null) return 'NULL::VARCHAR';
  const name = inputName(column);
  return trimmedText(TEXT_TYPES.has(type) ? name : `CAST(${name} AS VARCHAR)`);
}

function present(column: TripInputColumn, type: string | null): string {
  if (type === null) return 'false';
  const name = inputName(column);
  return TEXT_TYPES.has(type) ? `(${trimmedText(name)} IS NOT NULL)` : `(${name} IS NOT NULL)`;
}

function numberValue(column: TripInputColumn, type: string | null): string {
  if (type === null) return 'NULL::DOUBLE';
  const name = inputName(column);
  if (TEXT_TYPES.has(type)) return `TRY_CAST(${name} AS DOUBLE)`;
  if (NUMERIC_TYPES.test(type)) return `CAST(${name} AS DOUBLE)`;
  return 'NULL::DOUBLE';
}

function timestampValue(column: TripInputColumn, type: string | null): string {
  if (type === null) return 'NULL::TIMESTAMPTZ';
  const name = inputName(column);
  if (TEXT_TYPES.has(type)) {
    return `CASE WHEN regexp_matches(${name}, '${ISO_TIMESTAMP_OFFSET_TAIL}') THEN TRY_CAST(${name} AS TIMESTAMPTZ) END`;
  }
  // An instant stored as such is fine; a naive TIMESTAMP has no offset and is refused like its text form.
  if (type === 'TIMESTAMP WITH TIME ZONE') return name;
  return 'NULL::TIMESTAMPTZ';
}

/** JSON of the row's original values, kept in quarantine when the reader has no raw text. */
function originalJson(types: SourceColumnTypes): string {
  const fields = TRIP_INPUT_COLUMNS.filter((c) => types[c] !== null).map((c) => `${c} := ${inputName(c)}`);
  return `to_json(struct_pack(${fields.join(', ')}))::VARCHAR`;
}

/** The `{{...}}` values of check-rows.sql for a source with these column types. */
export function checkRowsExpressions(types: SourceColumnTypes): Record<string, string> {
  const expressions: Record<string, string> = { original: originalJson(types) };
  for (const column of TEXT_COLUMNS) expressions[column] = textValue(column, types[column]);
  for (const column of [...NUMBER_COLUMNS, ...TIMESTAMP_COLUMNS]) {
    expressions[`${column}_present`] = present(column, types[column]);
  }
  for (const column of NUMBER_COLUMNS) expressions[column] = numberValue(column, types[column]);
  for (const column of TIMESTAMP_COLUMNS) expressions[column] = timestampValue(column, types[column]);
  return expressions;
}

/** `SELECT` list entries that name each input column `in_<column>` (NULL when the file lacks it). */
export function inputColumnList(sourceNameOf: (column: TripInputColumn) => string | null): string {
  return TRIP_INPUT_COLUMNS.map((column) => {
    const source = sourceNameOf(column);
    return `${source ?? 'NULL::VARCHAR'} AS ${inputName(column)}`;
  }).join(', ');
}
