import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString } from '../../../pipeline/db/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import {
  generateTrips,
  TRIP_COLUMNS,
  tripFileFormat,
  writeTripsFile,
  type GenerateOptions,
  type TripFileFormat,
  type TripRecord,
} from '../../../pipeline/generate/index.js';

const FORMATS: readonly TripFileFormat[] = ['csv', 'jsonl', 'parquet', 'arrow'];
// Enough trips for several Parquet data chunks and two Arrow record batches.
const OPTIONS: GenerateOptions = { users: 400, days: 14, seed: 11 };
const trips = [...generateTrips(OPTIONS)];

/** Values a real file may hold and the generator never makes: separators, quotes, line breaks, non-ASCII. */
const AWKWARD: TripRecord[] = [
  {
    trip_id: 'a,b',
    user_id: 'say "hi"',
    vehicle_id: 'line\nbreak',
    started_at: '2026-10-25T02:30:00+02:00',
    ended_at: '2026-10-25T02:10:00+01:00',
    distance_km: 12.345,
    energy_kwh: null,
    adas_km: 0,
    region: 'Zürich-東京 🚗',
  },
  {
    trip_id: 'cr\r\nlf',
    user_id: 'ü',
    vehicle_id: 'v',
    started_at: '2026-10-01T00:00:00+08:00',
    ended_at: '2026-10-01T00:01:00+08:00',
    distance_km: 0,
    energy_kwh: 0.001,
    adas_km: null,
    region: null,
  },
];

let directory: string;
let duckdb: DuckDBInstance;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'stones-generate-'));
  duckdb = await DuckDBInstance.create(':memory:');
});

afterAll(() => {
  duckdb.closeSync();
  rmSync(directory, { recursive: true, force: true });
});

function parseCsvWithoutQuotes(text: string): TripRecord[] {
  const lines = text.split('\n');
  expect(lines[0]).toBe(TRIP_COLUMNS.join(','));
  expect(lines.at(-1)).toBe('');
  expect(text).not.toMatch(/["\r]/);
  return lines.slice(1, -1).map((line) => {
    const [trip_id, user_id, vehicle_id, started_at, ended_at, distance_km, energy_kwh, adas_km, region] = line.split(',');
    expect(line.split(',')).toHaveLength(9);
    const numberOrNull = (field: string | undefined) => (field === '' || field === undefined ? null : Number(field));
    return {
      trip_id: trip_id!,
      user_id: user_id!,
      vehicle_id: vehicle_id!,
      started_at: started_at!,
      ended_at: ended_at!,
      distance_km: Number(distance_km),
      energy_kwh: numberOrNull(energy_kwh),
      adas_km: numberOrNull(adas_km),
      region: region === '' ? null : region!,
    };
  });
}

function parseJsonl(text: string): TripRecord[] {
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => {
      const record = JSON.parse(line) as TripRecord;
      expect(Object.keys(record)).toEqual(TRIP_COLUMNS);
      return record;
    });
}

async function readWithDuckDb(sql: string): Promise<{ rows: TripRecord[]; types: string[] }> {
  const connection = await duckdb.connect();
  try {
    const result = await connection.runAndReadAll(sql);
    expect(result.columnNames()).toEqual(TRIP_COLUMNS);
    return { rows: result.getRowObjects() as unknown as TripRecord[], types: result.columnTypes().map(String) };
  } finally {
    connection.closeSync();
  }
}

async function readParquet(path: string): Promise<TripRecord[]> {
  const { rows, types } = await readWithDuckDb(`SELECT * FROM read_parquet(${sqlString(path)})`);
  expect(types).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'VARCHAR']);
  return rows;
}

/** An independent RFC 4180 reader for the quoting test. */
async function readCsvWithDuckDb(path: string): Promise<TripRecord[]> {
  const columns = TRIP_COLUMNS.map((name) => `'${name}': '${name.endsWith('_km') || name.endsWith('_kwh') ? 'DOUBLE' : 'VARCHAR'}'`).join(', ');
  const { rows } = await readWithDuckDb(`SELECT * FROM read_csv(${sqlString(path)}, header = true, quote = '"', escape = '"', columns = {${columns}})`);
  return rows;
}

function readArrow(path: string): TripRecord[] {
  const table = tableFromIPC(readFileSync(path));
  expect(table.schema.fields.map((field) => field.name)).toEqual(TRIP_COLUMNS);
  expect(table.schema.fields.map((field) => String(field.type))).toEqual(['Utf8', 'Utf8', 'Utf8', 'Utf8', 'Utf8', 'Float64', 'Float64', 'Float64', 'Utf8']);
  return table.toArray().map((row) => ({ ...row.toJSON() }) as TripRecord);
}

async function readBack(format: TripFileFormat, path: string): Promise<TripRecord[]> {
  switch (format) {
    case 'csv':
      return parseCsvWithoutQuotes(readFileSync(path, 'utf8'));
    case 'jsonl':
      return parseJsonl(readFileSync(path, 'utf8'));
    case 'parquet':
      return readParquet(path);
    case 'arrow':
      return readArrow(path);
  }
}

function* failingAfter(count: number): Generator<TripRecord> {
  let produced = 0;
  for (const trip of trips) {
    if (produced === count) throw new Error('source failed');
    produced += 1;
    yield trip;
  }
}

describe.each(FORMATS)('writeTripsFile (%s)', (format) => {
  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const [first, second, other] = ['first', 'second', 'other'].map((name) => join(directory, `${name}-${format}.${format}`));
    expect(await writeTripsFile(generateTrips(OPTIONS), first!)).toEqual({ rows: trips.length, format });
    await writeTripsFile(generateTrips(OPTIONS), second!);
    await writeTripsFile(generateTrips({ ...OPTIONS, seed: 12 }), other!);
    const bytes = readFileSync(first!);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(readFileSync(second!).equals(bytes)).toBe(true);
    expect(readFileSync(other!).equals(bytes)).toBe(false);
  });

  it('reads back exactly the generated trips, in order', async () => {
    const path = join(directory, `roundtrip.${format}`);
    await writeTripsFile(trips, path);
    expect(await readBack(format, path)).toEqual(trips);
  });

  it('keeps separators, quotes, line breaks, non-ASCII text and nulls intact', async () => {
    const path = join(directory, `awkward.${format}`);
    expect(await writeTripsFile(AWKWARD, path)).toEqual({ rows: 2, format });
    const read = format === 'csv' ? await readCsvWithDuckDb(path) : await readBack(format, path);
    expect(read).toEqual(AWKWARD);
  });

  it('writes a valid empty file for no trips', async () => {
    const path = join(directory, `empty.${format}`);
    expect(await writeTripsFile([], path)).toEqual({ rows: 0, format });
    expect(await readBack(format, path)).toEqual([]);
  });

  it('leaves the previous file and no temporary file behind when the trips fail midway', async () => {
    const sub = mkdtempSync(join(directory, `fail-${format}-`));
    const path = join(sub, `trips.${format}`);
    writeFileSync(path, 'previous content');
    expect(trips.length).toBeGreaterThan(8192);
    await expect(writeTripsFile(failingAfter(trips.length - 1), path)).rejects.toThrow('source failed');
    expect(readFileSync(path, 'utf8')).toBe('previous content');
    expect(readdirSync(sub)).toEqual([`trips.${format}`]);
  });
});

describe('writeTripsFile', () => {
  it('quotes CSV fields per RFC 4180 and writes empty fields for nulls', async () => {
    const path = join(directory, 'quoted.csv');
    await writeTripsFile(AWKWARD, path);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      `${TRIP_COLUMNS.join(',')}\n` +
        '"a,b","say ""hi""","line\nbreak",2026-10-25T02:30:00+02:00,2026-10-25T02:10:00+01:00,12.345,,0,Zürich-東京 🚗\n' +
        '"cr\r\nlf",ü,v,2026-10-01T00:00:00+08:00,2026-10-01T00:01:00+08:00,0,0.001,,\n',
    );
  });

  it('creates missing folders and leaves only the target file', async () => {
    const sub = join(directory, 'new', 'nested');
    await writeTripsFile(trips.slice(0, 10), join(sub, 'trips.csv'));
    expect(readdirSync(sub)).toEqual(['trips.csv']);
  });

  it('refuses an unknown extension with a UsageError before reading any trip', async () => {
    let read = false;
    const watched = (function* () {
      read = true;
      yield* trips;
    })();
    await expect(writeTripsFile(watched, join(directory, 'trips.txt'))).rejects.toThrow(UsageError);
    expect(read).toBe(false);
  });
});

describe('sample data stability', () => {
  // Sample files and benchmarks are made with this generator: a change to its output must be
  // deliberate (update this hash, and regenerate any committed samples).
  it('pins the bytes of a small CSV', async () => {
    const path = join(directory, 'pinned.csv');
    await writeTripsFile(generateTrips({ users: 20, days: 7, seed: 1 }), path);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toMatchInlineSnapshot(
      `"62ec7f63cc9fdba4ba7460a7effa2acb28d7e2496bdcfb53cbd885d6b0730ce7"`,
    );
  });
});

describe('tripFileFormat', () => {
  it('takes the format from the extension', () => {
    expect(tripFileFormat('a/b/trips.csv')).toBe('csv');
    expect(tripFileFormat('trips.jsonl')).toBe('jsonl');
    expect(tripFileFormat('trips.parquet')).toBe('parquet');
    expect(tripFileFormat('/x/trips.arrow')).toBe('arrow');
    expect(tripFileFormat('TRIPS.CSV')).toBe('csv');
  });

  it.each(['trips.txt', 'trips', 'trips.json', 'trips.csv.gz', 'csv'])('throws a UsageError for %s', (path) => {
    expect(() => tripFileFormat(path)).toThrow(UsageError);
  });
});
