import { writeAtomically } from '../files/index.js';
import { csvLine, jsonLine } from './text-lines.js';
import { tripFileFormat, type TripFileFormat } from './trip-file-format.js';
import { TRIP_COLUMNS, type TripRecord } from './trip-record.js';
import { writeArrow } from './write-arrow.js';
import { writeParquet } from './write-parquet.js';
import { writeTextLines } from './write-text-file.js';

export interface WrittenTripsFile {
  readonly rows: number;
  readonly format: TripFileFormat;
}

/**
 * Writes trips to `path` in the format its extension names (.csv .jsonl .parquet .arrow),
 * through a temporary file renamed into place. An unknown extension is a UsageError, raised
 * before anything is read from `trips` or written.
 */
export async function writeTripsFile(trips: Iterable<TripRecord>, path: string): Promise<WrittenTripsFile> {
  const format = tripFileFormat(path);
  const rows = await writeAtomically(path, (tempPath) => writeInFormat(format, trips, tempPath));
  return { rows, format };
}

async function writeInFormat(format: TripFileFormat, trips: Iterable<TripRecord>, path: string): Promise<number> {
  switch (format) {
    case 'csv':
      return writeTextLines(trips, path, `${TRIP_COLUMNS.join(',')}\n`, csvLine);
    case 'jsonl':
      return writeTextLines(trips, path, '', jsonLine);
    case 'parquet':
      return writeParquet(trips, path);
    case 'arrow':
      return writeArrow(trips, path);
  }
}
