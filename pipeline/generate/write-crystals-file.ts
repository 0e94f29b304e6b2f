import { INTEGER, VARCHAR } from '@duckdb/node-api';
import { Field, Float64, Schema, Utf8 } from 'apache-arrow';
import { float64ColumnData, utf8ColumnData } from '../arrow/index.js';
import { writeAtomically } from '../files/index.js';
import { CRYSTAL_COLUMNS, type CrystalRecord } from './crystals.js';
import { crystalCsvLine, crystalJsonLine } from './text-lines.js';
import { tripFileFormat, type TripFileFormat } from './trip-file-format.js';
import { writeArrowRows, type ArrowLayout } from './write-arrow.js';
import { writeParquetRows, type ParquetLayout } from './write-parquet.js';
import { writeTextLines } from './write-text-file.js';

interface WrittenCrystalsFile {
  readonly rows: number;
  readonly format: TripFileFormat;
}

/** `at` stays text with its offset in every format, as the trips' times do, so ingest reads them all with one rule. */
const CRYSTALS_PARQUET: ParquetLayout<CrystalRecord> = {
  table: 'crystals',
  create: 'CREATE TABLE crystals (event_id VARCHAR, user_id VARCHAR, "at" VARCHAR, kind VARCHAR, amount INTEGER, draw VARCHAR)',
  types: [VARCHAR, VARCHAR, VARCHAR, VARCHAR, INTEGER, VARCHAR],
  push(columns, event) {
    columns[0]!.push(event.event_id);
    columns[1]!.push(event.user_id);
    columns[2]!.push(event.at);
    columns[3]!.push(event.kind);
    columns[4]!.push(event.amount);
    columns[5]!.push(event.draw);
  },
};

/** Arrow carries the amount as a double (the shared Arrow helpers have no integer column); ingest takes a whole double as a whole number. */
const CRYSTALS_ARROW: ArrowLayout<CrystalRecord> = {
  schema: new Schema(CRYSTAL_COLUMNS.map((name) => new Field(name, name === 'amount' ? new Float64() : new Utf8(), name === 'draw'))),
  push(columns, event) {
    CRYSTAL_COLUMNS.forEach((name, k) => {
      columns[k]!.push(event[name]);
    });
  },
  data: (columns) =>
    CRYSTAL_COLUMNS.map((name, k) => (name === 'amount' ? float64ColumnData(columns[k] as number[]) : utf8ColumnData(columns[k] as (string | null)[]))),
};

/**
 * Writes crystal events to `path` in the format its extension names, like writeOwnersFile:
 * through a temporary file renamed into place; an unknown extension is a UsageError raised
 * before anything is written.
 */
export async function writeCrystalsFile(events: Iterable<CrystalRecord>, path: string): Promise<WrittenCrystalsFile> {
  const format = tripFileFormat(path);
  const rows = await writeAtomically(path, (tempPath) => writeInFormat(format, events, tempPath));
  return { rows, format };
}

async function writeInFormat(format: TripFileFormat, events: Iterable<CrystalRecord>, path: string): Promise<number> {
  switch (format) {
    case 'csv':
      return writeTextLines(events, path, `${CRYSTAL_COLUMNS.join(',')}\n`, crystalCsvLine);
    case 'jsonl':
      return writeTextLines(events, path, '', crystalJsonLine);
    case 'parquet':
      return writeParquetRows(events, path, CRYSTALS_PARQUET);
    case 'arrow':
      return writeArrowRows(events, path, CRYSTALS_ARROW);
  }
}
