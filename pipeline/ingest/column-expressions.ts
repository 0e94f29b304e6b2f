import { CRYSTAL_INPUT_COLUMNS, MAX_CRYSTAL_AMOUNT } from './crystal-columns.js';
import { OWNER_INPUT_COLUMNS } from './owner-columns.js';
import { NUMBER_COLUMNS, TEXT_COLUMNS, TIMESTAMP_COLUMNS, TRIP_INPUT_COLUMNS } from './trip-columns.js';

/**
 * The end of an ISO-8601 date-time with an explicit UTC offset. Without the offset DuckDB
 * would read the value in the session's time zone, silently shifting the trip: such a value
 * is a bad_timestamp. Only the tail is matched (a full-string match costs as much as the CSV
 * parse); the date part is then checked by DuckDB's own ISO-8601 cast.
 */
const ISO_TIMESTAMP_OFFSET_TAIL = String.raw`\d[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}(:?\d{2})?)$`;

/** A calendar date written YYYY-MM-DD, with nothing else but surrounding spaces; DuckDB's cast then checks it is a real day. */
const ISO_DATE = String.raw`^ *\d{4}-\d{2}-\d{2} *$`;

/** The DuckDB type of each input column in a staged source (by input column name), or null when the file lacks it. */
export type SourceColumnTypes = Readonly<Record<string, string | null>>;

const TEXT_TYPES = new Set(['VARCHAR']);
const NUMERIC_TYPES = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INTEGER)$/;
const NAIVE_TIMESTAMP_TYPES = /^TIMESTAMP(_S|_MS|_NS)?$/;

function inputName(column: string): string {
  return `in_${column}`;
}

function typeOf(types: SourceColumnTypes, column: string): string | null {
  return types[column] ?? null;
}

/**
 * Text without surrounding spaces, NULL when empty. trim() copies every string, which costs
 * a third of the checks; only values that start or end with a space pay for it.
 */
function trimmedText(text: string): string {
  return `CASE WHEN starts_with(${text}, ' ') OR ends_with(${text}, ' ') THEN nullif(trim(${text}), '') ELSE nullif(${text}, '') END`;
}

function textValue(column: string, type: string | null): string {
  if (type === null) return 'NULL::VARCHAR';
  const name = inputName(column);
  return trimmedText(TEXT_TYPES.has(type) ? name : `CAST(${name} AS VARCHAR)`);
}

function present(column: string, type: string | null): string {
  if (type === null) return 'false';
  const name = inputName(column);
  return TEXT_TYPES.has(type) ? `(${trimmedText(name)} IS NOT NULL)` : `(${name} IS NOT NULL)`;
}

function numberValue(column: string, type: string | null): string {
  if (type === null) return 'NULL::DOUBLE';
  const name = inputName(column);
  if (TEXT_TYPES.has(type)) return `TRY_CAST(${name} AS DOUBLE)`;
  if (NUMERIC_TYPES.test(type)) return `CAST(${name} AS DOUBLE)`;
  return 'NULL::DOUBLE';
}

function timestampValue(column: string, type: string | null): string {
  if (type === null) return 'NULL::TIMESTAMPTZ';
  const name = inputName(column);
  if (TEXT_TYPES.has(type)) {
    return `CASE WHEN regexp_matches(${name}, '${ISO_TIMESTAMP_OFFSET_TAIL}') THEN TRY_CAST(${name} AS TIMESTAMPTZ) END`;
  }
  // An instant stored as such is fine; a naive TIMESTAMP has no offset and is refused like its text form.
  if (type === 'TIMESTAMP WITH TIME ZONE') return name;
  return 'NULL::TIMESTAMPTZ';
}

/**
 * A calendar date: text must be YYYY-MM-DD and a real day; a DATE column is used as is; an
 * instant (timestamp with time zone) gives its UTC date, and a timestamp without one the date
 * it is written on (read as UTC). Anything else (a number, say) is not a date.
 */
function dateValue(column: string, type: string | null): string {
  if (type === null) return 'NULL::DATE';
  const name = inputName(column);
  if (TEXT_TYPES.has(type)) return `CASE WHEN regexp_matches(${name}, '${ISO_DATE}') THEN TRY_CAST(trim(${name}) AS DATE) END`;
  if (type === 'DATE') return name;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `CAST(timezone('UTC', ${name}) AS DATE)`;
  if (NAIVE_TIMESTAMP_TYPES.test(type)) return `CAST(${name} AS DATE)`;
  return 'NULL::DATE';
}

/** A whole number written with digits only (at most 10, so the cast cannot overflow); the range is checked in SQL. */
const WHOLE_NUMBER = String.raw`^ *\d{1,10} *$`;

/**
 * A whole amount as BIGINT: text must be digits only, a number column must hold an integral
 * value (Parquet and Arrow may store it as a double). NULL when it is neither; the range
 * (1 to MAX_CRYSTAL_AMOUNT) is a separate check so a 0 or a huge value is bad_amount too.
 */
function wholeNumberValue(column: string, type: string | null): string {
  if (type === null) return 'NULL::BIGINT';
  const name = inputName(column);
  if (TEXT_TYPES.has(type)) return `CASE WHEN regexp_matches(${name}, '${WHOLE_NUMBER}') THEN TRY_CAST(trim(${name}) AS BIGINT) END`;
  if (NUMERIC_TYPES.test(type)) {
    return `CASE WHEN isfinite(CAST(${name} AS DOUBLE)) AND CAST(${name} AS DOUBLE) = floor(CAST(${name} AS DOUBLE)) AND abs(CAST(${name} AS DOUBLE)) < 1e15 THEN CAST(${name} AS BIGINT) END`;
  }
  return 'NULL::BIGINT';
}

/** JSON of the row's original values, kept in quarantine when the reader has no raw text. */
function originalJson(columns: readonly string[], types: SourceColumnTypes): string {
  const fields = columns.filter((c) => typeOf(types, c) !== null).map((c) => `${c} := ${inputName(c)}`);
  return `to_json(struct_pack(${fields.join(', ')}))::VARCHAR`;
}

/** The `{{...}}` values of check-rows.sql (trips) for a source with these column types. */
export function tripCheckExpressions(types: SourceColumnTypes): Record<string, string> {
  const expressions: Record<string, string> = { original: originalJson(TRIP_INPUT_COLUMNS, types) };
  for (const column of TEXT_COLUMNS) expressions[column] = textValue(column, typeOf(types, column));
  for (const column of [...NUMBER_COLUMNS, ...TIMESTAMP_COLUMNS]) {
    expressions[`${column}_present`] = present(column, typeOf(types, column));
  }
  for (const column of NUMBER_COLUMNS) expressions[column] = numberValue(column, typeOf(types, column));
  for (const column of TIMESTAMP_COLUMNS) expressions[column] = timestampValue(column, typeOf(types, column));
  return expressions;
}

/** The `{{...}}` values of check-owners.sql for a source with these column types. */
export function ownerCheckExpressions(types: SourceColumnTypes): Record<string, string> {
  return {
    original: originalJson(OWNER_INPUT_COLUMNS, types),
    user_id: textValue('user_id', typeOf(types, 'user_id')),
    enrolled_on_present: present('enrolled_on', typeOf(types, 'enrolled_on')),
    enrolled_on: dateValue('enrolled_on', typeOf(types, 'enrolled_on')),
  };
}

/** The `{{...}}` values of check-crystals.sql for a source with these column types (`at` is read like trips' started_at). */
export function crystalCheckExpressions(types: SourceColumnTypes): Record<string, string> {
  return {
    original: originalJson(CRYSTAL_INPUT_COLUMNS, types),
    event_id: textValue('event_id', typeOf(types, 'event_id')),
    user_id: textValue('user_id', typeOf(types, 'user_id')),
    kind: `lower(${textValue('kind', typeOf(types, 'kind'))})`,
    draw: textValue('draw', typeOf(types, 'draw')),
    at_present: present('at', typeOf(types, 'at')),
    at: timestampValue('at', typeOf(types, 'at')),
    amount_present: present('amount', typeOf(types, 'amount')),
    amount: wholeNumberValue('amount', typeOf(types, 'amount')),
    max_amount: String(MAX_CRYSTAL_AMOUNT),
  };
}

/** `SELECT` list entries that name each input column `in_<column>` (NULL when the file lacks it). */
export function inputColumnList(columns: readonly string[], sourceNameOf: (column: string) => string | null): string {
  return columns
    .map((column) => {
      const source = sourceNameOf(column);
      return `${source ?? 'NULL::VARCHAR'} AS ${inputName(column)}`;
    })
    .join(', ');
}
