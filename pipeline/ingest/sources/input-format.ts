import { extname } from 'node:path';
import type { InputFormat } from './staged-source.js';

const FORMAT_BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.ipc': 'arrow',
  '.feather': 'arrow',
};

export const INPUT_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

/** The input format a file's extension names, or null when it names none we read. */
export function inputFormatOf(path: string): InputFormat | null {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}
