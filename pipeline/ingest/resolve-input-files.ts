import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputFileError } from '../errors/index.js';
import { inputFormatOf } from './sources/index.js';

const GLOB_CHARACTERS = /[*?[]/;

async function filesInDirectory(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && inputFormatOf(entry.name) !== null)
    .map((entry) => join(directory, entry.name))
    .sort();
}

async function filesMatchingGlob(connection: DuckDBConnection, pattern: string): Promise<string[]> {
  // DuckDB's own glob, the same one its readers use.
  const reader = await connection.runAndReadAll('SELECT file FROM glob($1) ORDER BY file', [pattern]);
  return reader.getRows().map((row) => String(row[0]));
}

/**
 * Turns `--input` values (files, directories, globs) into a sorted list of distinct files.
 * An input that names nothing is an error, so a typo never looks like an empty night.
 */
export async function resolveInputFiles(connection: DuckDBConnection, inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) {
      const found = await filesInDirectory(input);
      if (found.length === 0) throw new InputFileError('input_not_found', input, 'the directory holds no .csv, .jsonl, .parquet or .arrow file');
      files.push(...found);
    } else if (info) {
      files.push(input);
    } else if (GLOB_CHARACTERS.test(input)) {
      const found = await filesMatchingGlob(connection, input);
      if (found.length === 0) throw new InputFileError('input_not_found', input, 'no file matches this pattern');
      files.push(...found);
    } else {
      throw new InputFileError('input_not_found', input, 'no such file or directory');
    }
  }
  return [...new Map(files.map((f) => [resolve(f), f])).values()];
}
