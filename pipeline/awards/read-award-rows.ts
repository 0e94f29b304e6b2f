import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { InputFileError } from '../errors/index.js';
import { AWARD_ROW_COLUMNS, type AwardRow, awardRowSchema } from '../formats/index.js';
import { sha256Hex } from '../hashing/sha256.js';

/**
 * The rows of a run's awards.arrow, as the award engine reads them: every column the format
 * names (pipeline/formats/award-row.ts), 64-bit numbers as exact decimal strings. When
 * `expectedSha256` is given (the hand-off's), bytes that differ are refused before anything
 * is read from them.
 */
export async function readAwardRows(arrowPath: string, expectedSha256?: string): Promise<AwardRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(arrowPath));
  } catch (error) {
    throw new InputFileError('input_not_found', arrowPath, 'cannot read this file', { cause: error });
  }
  if (expectedSha256 !== undefined && sha256Hex(bytes) !== expectedSha256) {
    throw new InputFileError('input_unreadable', arrowPath, `its SHA-256 is not ${expectedSha256}, the one it was handed off with: not the published file`);
  }
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new InputFileError('input_unreadable', arrowPath, `not an Arrow IPC file (${(error as Error).message})`, { cause: error });
  }
  const names = table.schema.fields.map((field) => field.name);
  const missing = AWARD_ROW_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new InputFileError('input_unreadable', arrowPath, `no column ${missing.join(', ')}: not an award file of this version`);
  const rows: AwardRow[] = [];
  for (let i = 0; i < table.numRows; i += 1) {
    const row = table.get(i)?.toJSON() as Record<string, unknown>;
    const candidate = Object.fromEntries(AWARD_ROW_COLUMNS.map((column) => [column, jsonValue(row[column])]));
    const parsed = awardRowSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputFileError('input_unreadable', arrowPath, `row ${i + 1}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    rows.push(parsed.data);
  }
  return rows;
}

/** 64-bit integers as decimal strings (exact), other values as they are. */
function jsonValue(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
