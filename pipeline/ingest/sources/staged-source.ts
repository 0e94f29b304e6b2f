import type { SourceColumnTypes } from '../column-expressions.js';
import type { InputKind } from '../input-kinds.js';

export type InputFormat = 'csv' | 'jsonl' | 'parquet' | 'arrow';

/**
 * A file made readable by SQL, before any check: a relation with `ordinal` (1-based record
 * position, unless `ordinal` below says how to number them), `raw` (original text or NULL), `malformed` and `in_<column>` for each input column.
 */
export interface StagedSource {
  readonly format: InputFormat;
  /** What the file's columns say it holds (inputKindOf): its rows are checked and stored as that kind. */
  readonly kind: InputKind;
  /** A parenthesised SELECT over the file (or over a temp table the stager filled). */
  readonly relation: string;
  /**
   * The ordinal expression when the relation has no `ordinal` column. CSV gives NULL: its
   * records are numbered by their position in the checked table (see check-rows.sql).
   */
  readonly ordinal?: string;
  readonly columnTypes: SourceColumnTypes;
  /** Columns of the file that are not part of the input schema of its kind. */
  readonly ignoredColumns: readonly string[];
  /**
   * How record ordinals become line numbers: `ordinal` itself (JSONL lines, Parquet and
   * Arrow rows), or for CSV the ordinal-th line that is not the header, blank or rejected.
   */
  readonly lines: { kind: 'ordinal' } | { kind: 'csv'; headerLine: number };
  /** CSV only: the temp table where DuckDB's reader stored the records it could not parse. */
  readonly rejectsTable?: string;
  /** Drops whatever temp tables the stager made. */
  dispose(): Promise<void>;
}
