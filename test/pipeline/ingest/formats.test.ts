import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Float64, Table, tableToIPC, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { generateTrips, writeTripsFile } from '../../../pipeline/generate/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const TRIP_VALUES = `trip_id, user_id, vehicle_id, epoch_us(started_at) AS started_us, epoch_us(ended_at) AS ended_us,
                     distance_km, energy_kwh, adas_km, region`;

async function ingestedTrips(path: string): Promise<unknown[]> {
  const database = await openDatabase(':memory:');
  const summary = await ingestFiles(database.connection, { inputs: [path] });
  expect(summary.rowsQuarantined).toBe(0);
  const rows = (await database.connection.runAndReadAll(`SELECT ${TRIP_VALUES} FROM trips ORDER BY trip_id`)).getRowObjectsJson();
  database.close();
  return rows;
}

describe('the same generated data in every format', () => {
  it('gives identical trips from CSV, JSONL, Parquet and Arrow', async () => {
    const options = { users: 40, days: 10, seed: 11 };
    const results: Record<string, unknown[]> = {};
    for (const extension of ['csv', 'jsonl', 'parquet', 'arrow']) {
      const path = join(tempDir(), `trips.${extension}`);
      await writeTripsFile(generateTrips(options), path);
      results[extension] = await ingestedTrips(path);
    }
    const csv = results.csv as unknown[];
    expect(csv.length).toBeGreaterThan(300);
    expect(results.jsonl).toEqual(csv);
    expect(results.parquet).toEqual(csv);
    expect(results.arrow).toEqual(csv);
  });

  it('reads typed Parquet columns (instants and numbers) like their text form', async () => {
    const csvPath = join(tempDir(), 'typed.csv');
    await writeTripsFile(generateTrips({ users: 5, days: 3, seed: 3 }), csvPath);
    const parquetPath = join(tempDir(), 'typed.parquet');
    const scratch = await (await DuckDBInstance.create(':memory:')).connect();
    await scratch.run(
      `COPY (SELECT trip_id, user_id, vehicle_id, started_at::TIMESTAMPTZ AS started_at, ended_at::TIMESTAMPTZ AS ended_at,
                    distance_km::DOUBLE AS distance_km, energy_kwh::DOUBLE AS energy_kwh, adas_km::DOUBLE AS adas_km, region
             FROM read_csv('${csvPath}', all_varchar = true)) TO '${parquetPath}' (FORMAT parquet)`,
    );
    expect(await ingestedTrips(parquetPath)).toEqual(await ingestedTrips(csvPath));
  });
});

describe('typed Arrow columns', () => {
  it('reads instants with a time zone and numbers like their text form', async () => {
    const trips = [...generateTrips({ users: 5, days: 3, seed: 3 })];
    const csvPath = join(tempDir(), 'typed-arrow.csv');
    await writeTripsFile(trips, csvPath);
    const text = (key: 'trip_id' | 'user_id' | 'vehicle_id') =>
      vectorFromArray(
        trips.map((t) => t[key]),
        new Utf8(),
      );
    const instant = (key: 'started_at' | 'ended_at') =>
      vectorFromArray(
        trips.map((t) => new Date(t[key])),
        new TimestampMillisecond('UTC'),
      );
    const number = (key: 'distance_km' | 'energy_kwh' | 'adas_km') =>
      vectorFromArray(
        trips.map((t) => t[key]),
        new Float64(),
      );
    const table = new Table({
      trip_id: text('trip_id'),
      user_id: text('user_id'),
      vehicle_id: text('vehicle_id'),
      started_at: instant('started_at'),
      ended_at: instant('ended_at'),
      distance_km: number('distance_km'),
      energy_kwh: number('energy_kwh'),
      adas_km: number('adas_km'),
      region: vectorFromArray(
        trips.map((t) => t.region),
        new Utf8(),
      ),
    });
    const arrowPath = join(tempDir(), 'typed.arrow');
    writeFileSync(arrowPath, tableToIPC(table, 'file'));
    expect(await ingestedTrips(arrowPath)).toEqual(await ingestedTrips(csvPath));
  });
});

describe('JSON Lines', () => {
  it('quarantines lines that are not JSON objects and keeps blank lines out of the count', async () => {
    const path = join(tempDir(), 'mixed.jsonl');
    const good = {
      trip_id: 'j1',
      user_id: 'u',
      vehicle_id: 'v',
      started_at: '2026-10-01T08:00:00+02:00',
      ended_at: '2026-10-01T08:30:00+02:00',
      distance_km: 12.5,
    };
    writeFileSync(
      path,
      `${[
        JSON.stringify(good),
        '',
        '{"trip_id": "j2", "user_id": "u", oops}',
        '[1, 2, 3]',
        JSON.stringify({ ...good, trip_id: 'j3', distance_km: '7', adas_km: 9 }),
        JSON.stringify({ ...good, trip_id: 'j4', speed: 3 }),
      ].join('\r\n')}\n`,
    );
    const database = await openDatabase(':memory:');
    const summary = await ingestFiles(database.connection, { inputs: [path] });
    expect(summary.files[0]?.ignoredColumns).toEqual(['speed']);
    const quarantined = (await database.connection.runAndReadAll('SELECT line, reason FROM quarantine ORDER BY line')).getRows();
    expect(quarantined).toEqual([
      [3n, 'malformed_row'],
      [4n, 'malformed_row'],
      [5n, 'adas_exceeds_distance'],
    ]);
    const trips = (await database.connection.runAndReadAll('SELECT trip_id, line FROM trips ORDER BY line')).getRows();
    expect(trips).toEqual([
      ['j1', 1n],
      ['j4', 6n],
    ]);
    expect(summary.rowsRead).toBe(5);
    database.close();
  });
});
