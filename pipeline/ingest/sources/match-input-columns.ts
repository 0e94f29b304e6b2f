import { InputFileError } from '../../errors/index.js';
import { normalizeColumnName, REQUIRED_TRIP_COLUMNS, TRIP_INPUT_COLUMNS, type TripInputColumn } from '../trip-columns.js';

export interface MatchedColumns {
  /** The file's own column name for each input column, or null when the file lacks it. */
  readonly sourceName: Record<TripInputColumn, string | null>;
  readonly ignored: string[];
}

/**
 * Matches a file's header (CSV header, Parquet or Arrow schema, JSONL keys) to the input
 * schema. A file without every required column has no recognisable header and is refused
 * whole: its rows cannot be judged one by one.
 */
export function matchInputColumns(path: string, header: readonly string[]): MatchedColumns {
  const sourceName = Object.fromEntries(TRIP_INPUT_COLUMNS.map((c) => [c, null])) as Record<TripInputColumn, string | null>;
  const ignored: string[] = [];
  const known = new Set<string>(TRIP_INPUT_COLUMNS);
  for (const name of header) {
    const normalized = normalizeColumnName(name);
    if (!known.has(normalized)) {
      ignored.push(name);
      continue;
    }
    const column = normalized as TripInputColumn;
    if (sourceName[column] !== null) {
      throw new InputFileError('input_no_header', path, `no recognisable header: column "${column}" appears twice`);
    }
    sourceName[column] = name;
  }
  const missing = REQUIRED_TRIP_COLUMNS.filter((c) => sourceName[c] === null);
  if (missing.length > 0) {
    throw new InputFileError(
      'input_no_header',
      path,
      `no recognisable header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${TRIP_INPUT_COLUMNS.join(',')})`,
    );
  }
  return { sourceName, ignored };
}
