import { DATE, dateValue, VARCHAR } from '@duckdb/node-api';
import { DateDay, Field, Schema, Utf8 } from 'apache-arrow';
import { dateDayColumnData, utf8ColumnData } from '../arrow/index.js';
import { writeAtomically } from '../files/index.js';
import { enrolledEpochDay, OWNER_COLUMNS, type OwnerRecord } from './enrolment.js';
import { ownerCsvLine, ownerJsonLine } from './text-lines.js';
import { tripFileFormat, type TripFileFormat } from './trip-file-format.js';
import { writeArrowRows, type ArrowLayout } from './write-arrow.js';
import { writeParquetRows, type ParquetLayout } from './write-parquet.js';
import { writeTextLines } from './write-text-file.js';

export interface WrittenOwnersFile {
  readonly rows: number;
  readonly format: TripFileFormat;
}

/** Parquet and Arrow carry enrolled_on as a DATE column; CSV and JSONL as YYYY-MM-DD text. */
const OWNERS_PARQUET: ParquetLayout<OwnerRecord> = {
  table: 'owners',
  create: 'CREATE TABLE owners (user_id VARCHAR, enrolled_on DATE)',
  types: [VARCHAR, DATE],
  push(columns, owner) {
    columns[0]!.push(owner.user_id);
    columns[1]!.push(dateValue(enrolledEpochDay(owner)));
  },
};

const OWNERS_ARROW_SCHEMA = new Schema([new Field(OWNER_COLUMNS[0], new Utf8(), false), new Field(OWNER_COLUMNS[1], new DateDay(), false)]);

const OWNERS_ARROW: ArrowLayout<OwnerRecord> = {
  schema: OWNERS_ARROW_SCHEMA,
  push(columns, owner) {
    columns[0]!.push(owner.user_id);
    columns[1]!.push(enrolledEpochDay(owner));
  },
  data: (columns) => [utf8ColumnData(columns[0] as string[]), dateDayColumnData(columns[1] as number[])],
};

/**
 * Writes owners (an enrolment file) to `path` in the format its extension names, like
 * writeTripsFile: through a temporary file renamed into place; an unknown extension is a
 * UsageError raised before anything is written.
 */
export async function writeOwnersFile(owners: Iterable<OwnerRecord>, path: string): Promise<WrittenOwnersFile> {
  const format = tripFileFormat(path);
  const rows = await writeAtomically(path, (tempPath) => writeInFormat(format, owners, tempPath));
  return { rows, format };
}

async function writeInFormat(format: TripFileFormat, owners: Iterable<OwnerRecord>, path: string): Promise<number> {
  switch (format) {
    case 'csv':
      return writeTextLines(owners, path, `${OWNER_COLUMNS.join(',')}\n`, ownerCsvLine);
    case 'jsonl':
      return writeTextLines(owners, path, '', ownerJsonLine);
    case 'parquet':
      return writeParquetRows(owners, path, OWNERS_PARQUET);
    case 'arrow':
      return writeArrowRows(owners, path, OWNERS_ARROW);
  }
}
