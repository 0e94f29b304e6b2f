import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase, sqlString } from '../pipeline/db/index.js';
import { generateTrips, writeTripsFile, type TripRecord } from '../pipeline/generate/index.js';
import { ingestFiles } from '../pipeline/ingest/index.js';
import { median } from './median.js';

export interface IngestBenchOptions {
  trips: number;
  repeats: number;
  directory: string;
  seed: number;
}

export interface IngestBenchRow {
  format: 'csv' | 'parquet';
  rows: number;
  plainSeconds: number;
  stonesSeconds: number;
  ratio: number;
}

/** Goal of the foundation issue: validation costs at most 1.5x a plain DuckDB load. */
const INGEST_RATIO_GOAL = 1.5;

function* firstTrips(count: number, seed: number): Generator<TripRecord> {
  // Enough owners for any count: the generator is lazy, so only the first ones are made.
  let made = 0;
  for (const trip of generateTrips({ users: count, days: 30, seed })) {
    if (made++ >= count) return;
    yield trip;
  }
}

function freshDatabasePath(directory: string, name: string): string {
  const path = join(directory, name);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  return path;
}

/** The baseline: DuckDB's own reader, auto-detected types, straight into a table. No checks. */
async function timePlainLoad(directory: string, file: string, format: 'csv' | 'parquet'): Promise<number> {
  const instance = await DuckDBInstance.create(freshDatabasePath(directory, 'plain.duckdb'));
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE trips AS SELECT * FROM ${format === 'csv' ? 'read_csv' : 'read_parquet'}(${sqlString(file)})`);
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  return seconds;
}

/** stones ingest: hash, parse, check every row, quarantine, one transaction, `loads` row. */
async function timeStonesIngest(directory: string, file: string, expectedRows: number): Promise<number> {
  const database = await openDatabase(freshDatabasePath(directory, 'stones.duckdb'));
  const started = performance.now();
  const summary = await ingestFiles(database.connection, { inputs: [file] });
  const seconds = (performance.now() - started) / 1000;
  database.close();
  if (summary.rowsRead !== expectedRows) throw new Error(`bench: ingest read ${summary.rowsRead} rows, expected ${expectedRows}`);
  return seconds;
}

/**
 * Loads the same generated file with a plain DuckDB load and with `stones ingest`,
 * alternating, `repeats` times each, and reports the medians measured in this one run.
 */
export async function benchIngest(options: IngestBenchOptions, log: (line: string) => void): Promise<IngestBenchRow[]> {
  mkdirSync(options.directory, { recursive: true });
  const rows: IngestBenchRow[] = [];
  for (const format of ['csv', 'parquet'] as const) {
    const file = join(options.directory, `bench-trips.${format}`);
    const generatedAt = performance.now();
    const written = await writeTripsFile(firstTrips(options.trips, options.seed), file);
    log(`generated ${written.rows.toLocaleString('en-US')} trips as ${format} in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s`);
    const plain: number[] = [];
    const stones: number[] = [];
    for (let run = 0; run < options.repeats; run += 1) {
      plain.push(await timePlainLoad(options.directory, file, format));
      stones.push(await timeStonesIngest(options.directory, file, written.rows));
    }
    const plainSeconds = median(plain);
    const stonesSeconds = median(stones);
    rows.push({ format, rows: written.rows, plainSeconds, stonesSeconds, ratio: stonesSeconds / plainSeconds });
  }
  rmSync(options.directory, { recursive: true, force: true });
  return rows;
}

export function formatIngestBench(rows: readonly IngestBenchRow[], repeats: number): string {
  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} rows/s`;
  const lines = [
    `ingest bench: median of ${repeats} runs each, same file, same process`,
    'format   plain DuckDB load (no checks)     stones ingest (validated)         ratio',
  ];
  for (const row of rows) {
    lines.push(
      `${row.format.padEnd(8)} ${`${row.plainSeconds.toFixed(2)} s  ${rate(row.rows, row.plainSeconds)}`.padEnd(33)} ` +
        `${`${row.stonesSeconds.toFixed(2)} s  ${rate(row.rows, row.stonesSeconds)}`.padEnd(33)} ${row.ratio.toFixed(2)}x`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.ratio));
  lines.push(`goal: at most ${INGEST_RATIO_GOAL}x; worst ratio ${worst.toFixed(2)}x: ${worst <= INGEST_RATIO_GOAL ? 'met' : 'NOT met'}`);
  return lines.join('\n');
}
