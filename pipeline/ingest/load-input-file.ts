import type { DuckDBConnection } from '@duckdb/node-api';
import { InputFileError } from '../errors/index.js';
import { inTransaction, readSqlFile, renderSql, sqlString } from '../db/index.js';
import { INPUT_KINDS, type InputKind } from './input-kinds.js';
import { KIND_RULES } from './kind-rules.js';
import type { QuarantineReason } from './quarantine-reasons.js';
import { scanInputFile, type InputFileScan } from './scan-input-file.js';
import { stageSource, type InputFormat, type StagedSource } from './sources/index.js';

export interface FileLoadResult {
  path: string;
  format: InputFormat;
  /** What the file's columns said it holds: its rows went to `trips`, `owners` or `crystal_events`. */
  kind: InputKind;
  sha256: string;
  /** A file whose bytes were loaded before is not loaded again. */
  status: 'loaded' | 'already_loaded';
  loadId: bigint;
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantinedByReason: Partial<Record<QuarantineReason, number>>;
  ignoredColumns: string[];
}

export interface InputFilePlan {
  path: string;
  format: InputFormat;
  bytes: number;
  /** A source already staged (when the header was checked before the batch); the load disposes it. */
  staged?: StagedSource;
}

async function previousLoad(connection: DuckDBConnection, plan: InputFilePlan, scan: InputFileScan): Promise<FileLoadResult | null> {
  const reader = await connection.runAndReadAll(
    'SELECT load_id, kind, rows_read, rows_accepted, rows_quarantined, ignored_columns FROM loads WHERE sha256 = $1',
    [scan.sha256],
  );
  const row = reader.getRowObjectsJS()[0];
  if (!row) return null;
  return {
    path: plan.path,
    format: plan.format,
    kind: INPUT_KINDS.find((kind) => kind === row.kind) ?? 'trips',
    sha256: scan.sha256,
    status: 'already_loaded',
    loadId: row.load_id as bigint,
    rowsRead: Number(row.rows_read),
    rowsAccepted: Number(row.rows_accepted),
    rowsQuarantined: Number(row.rows_quarantined),
    quarantinedByReason: {},
    ignoredColumns: (row.ignored_columns as string[]) ?? [],
  };
}

/** `{{line}}` and `{{line_join}}` of the insert statements, after check-rows has run. */
async function lineMapping(connection: DuckDBConnection, staged: StagedSource, scan: InputFileScan): Promise<Record<string, string>> {
  if (staged.lines.kind === 'ordinal') return { line: 'c.ordinal', line_join: '' };
  const fixed = [...new Set([...scan.blankLines, staged.lines.headerLine])].sort((a, b) => a - b);
  const rejects = await connection.runAndReadAll(`SELECT DISTINCT line FROM ${staged.rejectsTable} ORDER BY line`);
  const skipped = [...new Set([...fixed, ...rejects.getRows().map((r) => Number(r[0]))])].sort((a, b) => a - b);
  // Common case: only the header (and maybe blank lines right under it) is skipped.
  if (skipped.every((line, k) => line === k + 1)) return { line: `c.ordinal + ${skipped.length}`, line_join: '' };
  await connection.run(
    renderSql(readSqlFile('pipeline/ingest/sql/create-line-shifts.sql'), {
      fixed_skipped: `[${fixed.join(', ')}]`,
      rejects_table: staged.rejectsTable as string,
    }),
  );
  return {
    line: 'c.ordinal + coalesce(s.shift, 0)',
    line_join: 'ASOF LEFT JOIN line_shifts AS s ON c.ordinal > s.records_before',
  };
}

async function countByReason(connection: DuckDBConnection, loadId: bigint): Promise<Partial<Record<QuarantineReason, number>>> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/ingest/sql/count-reasons.sql'), [loadId]);
  return Object.fromEntries(reader.getRows().map(([reason, rows]) => [String(reason), Number(rows)]));
}

const TRACE = process.env.STONES_TRACE === '1';
let traceStart = performance.now();
function trace(step: string): void {
  if (!TRACE) return;
  const now = performance.now();
  process.stderr.write(`[trace] ${step} ${(now - traceStart).toFixed(0)} ms\n`);
  traceStart = now;
}

/**
 * Crash tests only: holds the open transaction so a test can SIGKILL the process with every
 * row of the file written but not committed. Announced on stderr so the test knows when.
 */
async function pauseBeforeCommitForCrashTests(): Promise<void> {
  const pauseMs = Number(process.env.STONES_TEST_PAUSE_BEFORE_COMMIT_MS ?? 0);
  if (!(pauseMs > 0)) return;
  process.stderr.write('stones-test: paused before commit\n');
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

/** Quarantines the valid rows whose key is already stored, or repeats an earlier valid row of the file. */
async function markDuplicates(connection: DuckDBConnection, kind: InputKind): Promise<void> {
  const rules = KIND_RULES[kind];
  const fragments = { key: rules.key, target: rules.table, reason: sqlString(rules.duplicateReason), typed_json: rules.typedJson };
  const duplicates = await connection.runAndReadAll(renderSql(readSqlFile('pipeline/ingest/sql/count-duplicates.sql'), fragments));
  if (Number(duplicates.getRows()[0]?.[0]) > 0) {
    await connection.run(renderSql(readSqlFile('pipeline/ingest/sql/mark-duplicates.sql'), fragments));
  }
}

async function writeLoad(connection: DuckDBConnection, plan: InputFilePlan, staged: StagedSource, scan: InputFileScan): Promise<FileLoadResult> {
  const lines = await lineMapping(connection, staged, scan);
  trace('line mapping');
  const loadId = (await connection.runAndReadAll(`SELECT nextval('load_id_seq')`)).getRows()[0]?.[0] as bigint;
  await markDuplicates(connection, staged.kind);
  trace('duplicates');
  const rules = KIND_RULES[staged.kind];
  if (rules.checkAgainstStored) {
    await rules.checkAgainstStored(connection, rules.typedJson);
    trace('checks against stored rows');
  }
  await connection.run(renderSql(readSqlFile(rules.insertSql), lines), [loadId]);
  trace(`insert ${staged.kind}`);
  await connection.run(renderSql(readSqlFile('pipeline/ingest/sql/insert-quarantine.sql'), lines), [plan.path, loadId]);
  trace('insert quarantine');
  let rejected = 0;
  if (staged.rejectsTable) {
    const inserted = await connection.run(renderSql(readSqlFile('pipeline/ingest/sql/insert-rejected-records.sql'), { rejects_table: staged.rejectsTable }), [
      plan.path,
      loadId,
    ]);
    rejected = Number(inserted.rowsChanged);
  }
  const counts = (await connection.runAndReadAll(readSqlFile('pipeline/ingest/sql/count-checked-rows.sql'))).getRowObjectsJS()[0];
  const rowsAccepted = Number(counts?.accepted);
  const rowsQuarantined = Number(counts?.quarantined) + rejected;
  await connection.run(readSqlFile('pipeline/ingest/sql/insert-load.sql'), [
    loadId,
    plan.path,
    scan.sha256,
    scan.bytes,
    plan.format,
    staged.kind,
    rowsAccepted + rowsQuarantined,
    rowsAccepted,
    rowsQuarantined,
    JSON.stringify(staged.ignoredColumns),
  ]);
  return {
    path: plan.path,
    format: plan.format,
    kind: staged.kind,
    sha256: scan.sha256,
    status: 'loaded',
    loadId,
    rowsRead: rowsAccepted + rowsQuarantined,
    rowsAccepted,
    rowsQuarantined,
    quarantinedByReason: await countByReason(connection, loadId),
    ignoredColumns: [...staged.ignoredColumns],
  };
}

/** DuckDB error classes that mean the file's bytes, not our SQL, are at fault. */
const READER_FAILURE = /^(Invalid Input Error|Conversion Error|IO Error|Invalid Error)/;

/** Types and checks every staged row with the checks of the file's kind, into `checked_rows`. */
async function checkRows(connection: DuckDBConnection, plan: InputFilePlan, staged: StagedSource): Promise<void> {
  const rules = KIND_RULES[staged.kind];
  const sql = renderSql(readSqlFile(rules.checkSql), {
    ...rules.checkExpressions(staged.columnTypes),
    source: staged.relation,
    ordinal: staged.ordinal ?? 'ordinal',
  });
  try {
    await connection.run(sql);
    await connection.run(readSqlFile('pipeline/ingest/sql/checked-rows-view.sql'));
  } catch (error) {
    // The reader gave up on the file as a whole (e.g. mixed line endings): nothing is loaded.
    if (!READER_FAILURE.test((error as Error).message)) throw error;
    const reason = (error as Error).message.split('\n')[0];
    throw new InputFileError('input_unreadable', plan.path, `the ${plan.format} reader cannot read this file (${reason})`, { cause: error });
  }
}

async function someLoadHasSize(connection: DuckDBConnection, bytes: number): Promise<boolean> {
  const reader = await connection.runAndReadAll('SELECT count(*) FROM loads WHERE bytes = $1', [bytes]);
  return Number(reader.getRows()[0]?.[0]) > 0;
}

/**
 * Loads one file: every row ends in `trips` (`owners` for an enrolment file,
 * `crystal_events` for a crystal event file) or
 * `quarantine`, and the file's `loads` row, all in one transaction, so a process killed
 * mid-load leaves nothing of the file behind. The parsing and checking (with the checks of
 * the file's kind, KIND_RULES) run before the transaction, into temp tables that are never
 * persisted.
 *
 * Hashing the file (its identity) costs a tenth of the load, so it runs while DuckDB parses,
 * except when a file of the same size was loaded before: then the hash decides first whether
 * this is the same file, and a reload parses nothing.
 */
export async function loadInputFile(connection: DuckDBConnection, plan: InputFilePlan): Promise<FileLoadResult> {
  trace('start');
  let scanning: Promise<InputFileScan>;
  if (await someLoadHasSize(connection, plan.bytes)) {
    const scan = await scanInputFile(plan.path);
    const earlier = await previousLoad(connection, plan, scan);
    if (earlier) {
      await plan.staged?.dispose();
      return earlier;
    }
    scanning = Promise.resolve(scan);
  } else {
    scanning = scanInputFile(plan.path);
    scanning.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  }
  const staged = plan.staged ?? (await stageSource(connection, plan.format, plan.path));
  try {
    trace('stage');
    await checkRows(connection, plan, staged);
    trace('check rows');
    const scan = await scanning;
    trace('scan');
    const result = await inTransaction(connection, async () => {
      const written = await writeLoad(connection, plan, staged, scan);
      trace('counts');
      await pauseBeforeCommitForCrashTests();
      return written;
    });
    trace('commit');
    return result;
  } finally {
    await connection.run('DROP VIEW IF EXISTS checked_rows; DROP TABLE IF EXISTS checked_rows_stored; DROP TABLE IF EXISTS line_shifts;');
    await staged.dispose();
  }
}
