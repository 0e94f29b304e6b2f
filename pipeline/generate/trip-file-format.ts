import { extname } from 'node:path';
import { UsageError } from '../errors/index.js';

export type TripFileFormat = 'csv' | 'jsonl' | 'parquet' | 'arrow';

const FORMAT_BY_EXTENSION: Readonly<Record<string, TripFileFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
};

/** The format a trips file is written in, from its extension (case-insensitive). */
export function tripFileFormat(path: string): TripFileFormat {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new UsageError(`cannot tell the format of "${path}": use a .csv, .jsonl, .parquet or .arrow file name`);
  }
  return format;
}
