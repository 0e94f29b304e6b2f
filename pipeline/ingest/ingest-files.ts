import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputFileError } from '../errors/index.js';
import { INPUT_KINDS, type InputKind } from './input-kinds.js';
import { loadInputFile, type FileLoadResult, type InputFilePlan } from './load-input-file.js';
import type { QuarantineReason } from './quarantine-reasons.js';
import { resolveInputFiles } from './resolve-input-files.js';
import { inputFormatOf, INPUT_EXTENSIONS, stageSource } from './sources/index.js';

export interface IngestProgress {
  fileStarted(index: number, total: number, path: string, bytes: number): void;
  fileFinished(result: FileLoadResult): void;
}

export interface IngestOptions {
  /** Files, directories or globs. */
  inputs: readonly string[];
  progress?: IngestProgress;
}

/** Rows of the files loaded now (not those already loaded), over every file or one kind of file. */
export interface IngestTotals {
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantinedByReason: Partial<Record<QuarantineReason, number>>;
}

export interface IngestSummary extends IngestTotals {
  files: FileLoadResult[];
  /** The same totals per kind of file (trips files, enrolment files). */
  byKind: Record<InputKind, IngestTotals>;
}

function emptyTotals(): IngestTotals {
  return { rowsRead: 0, rowsAccepted: 0, rowsQuarantined: 0, quarantinedByReason: {} };
}

function addLoad(totals: IngestTotals, result: FileLoadResult): void {
  totals.rowsRead += result.rowsRead;
  totals.rowsAccepted += result.rowsAccepted;
  totals.rowsQuarantined += result.rowsQuarantined;
  for (const [reason, rows] of Object.entries(result.quarantinedByReason) as [QuarantineReason, number][]) {
    totals.quarantinedByReason[reason] = (totals.quarantinedByReason[reason] ?? 0) + rows;
  }
}

async function planInputFile(path: string): Promise<InputFilePlan> {
  const format = inputFormatOf(path);
  if (format === null) {
    throw new InputFileError('input_unsupported_format', path, `unknown format: the name must end in ${INPUT_EXTENSIONS.join(', ')}`);
  }
  try {
    await access(path, constants.R_OK);
    const info = await stat(path);
    if (!info.isFile()) throw new InputFileError('input_unreadable', path, 'not a regular file');
    return { path, format, bytes: info.size };
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputFileError('input_not_found', path, 'no such file', { cause: error });
    throw new InputFileError('input_unreadable', path, `cannot read the file (${code ?? (error as Error).message})`, { cause: error });
  }
}

/**
 * Refuses a batch whose files cannot all be read before any is loaded, so that a missing,
 * unreadable or header-less file leaves the database as it was. Staging reads the header,
 * which also tells the kind of each file. (Headers of CSV and Parquet
 * files are cheap to read here; JSONL and Arrow are checked as they load, each file still in
 * its own transaction.)
 */
async function preflight(connection: DuckDBConnection, plans: InputFilePlan[]): Promise<void> {
  try {
    for (const plan of plans) {
      if (plan.format === 'csv' || plan.format === 'parquet') plan.staged = await stageSource(connection, plan.format, plan.path);
    }
  } catch (error) {
    for (const plan of plans) await plan.staged?.dispose();
    throw error;
  }
}

/**
 * The ingest stage: every row of every input ends in `trips` (or `owners`, for an enrolment
 * file: see inputKindOf) or `quarantine`, once. Files of both kinds may come in one batch.
 */
export async function ingestFiles(connection: DuckDBConnection, options: IngestOptions): Promise<IngestSummary> {
  const paths = await resolveInputFiles(connection, options.inputs);
  const plans: InputFilePlan[] = [];
  for (const path of paths) plans.push(await planInputFile(path));
  await preflight(connection, plans);
  const byKind = Object.fromEntries(INPUT_KINDS.map((kind) => [kind, emptyTotals()])) as Record<InputKind, IngestTotals>;
  const summary: IngestSummary = { files: [], ...emptyTotals(), byKind };
  for (const [index, plan] of plans.entries()) {
    options.progress?.fileStarted(index, plans.length, plan.path, plan.bytes);
    const result = await loadInputFile(connection, plan).catch(async (error: unknown) => {
      for (const later of plans.slice(index + 1)) await later.staged?.dispose();
      throw error;
    });
    options.progress?.fileFinished(result);
    summary.files.push(result);
    if (result.status !== 'loaded') continue;
    addLoad(summary, result);
    addLoad(byKind[result.kind], result);
  }
  return summary;
}
