import { InputFileError } from '../../errors/index.js';
import { INPUT_SCHEMAS, inputKindOf, type InputSchema } from '../input-kinds.js';
import { normalizeColumnName } from '../trip-columns.js';

export interface MatchedColumns {
  /** The kind the columns say the file is (inputKindOf), and the columns read for it. */
  readonly schema: InputSchema;
  /** The file's own column name for each input column of the schema, or null when the file lacks it. */
  readonly sourceName: Readonly<Record<string, string | null>>;
  readonly ignored: string[];
}

/**
 * Matches a file's header (CSV header, Parquet or Arrow schema, JSONL keys) to the input
 * schema of its kind. A file without every required column has no recognisable header and
 * is refused whole: its rows cannot be judged one by one.
 */
export function matchInputColumns(path: string, header: readonly string[]): MatchedColumns {
  const schema = INPUT_SCHEMAS[inputKindOf(header)];
  const sourceName: Record<string, string | null> = Object.fromEntries(schema.columns.map((c) => [c, null]));
  const ignored: string[] = [];
  const known = new Set<string>(schema.columns);
  for (const name of header) {
    const column = normalizeColumnName(name);
    if (!known.has(column)) {
      ignored.push(name);
      continue;
    }
    if (sourceName[column] !== null) {
      throw new InputFileError('input_no_header', path, `no recognisable header: column "${column}" appears twice`);
    }
    sourceName[column] = name;
  }
  const missing = schema.required.filter((c) => sourceName[c] === null);
  if (missing.length > 0) {
    throw new InputFileError(
      'input_no_header',
      path,
      `no recognisable header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${schema.columns.join(',')})`,
    );
  }
  return { schema, sourceName, ignored };
}
