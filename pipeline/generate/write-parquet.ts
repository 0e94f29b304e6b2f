import { DOUBLE, DuckDBDataChunk, DuckDBInstance, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { sqlString } from '../db/index.js';
import type { TripRecord } from './trip-record.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/** How records of one kind become a Parquet file: the table they are staged in, and their values. */
export interface ParquetLayout<T> {
  /** The staging table's name, and its CREATE TABLE (column order = the file's). */
  readonly table: string;
  readonly create: string;
  readonly types: readonly DuckDBType[];
  /** Appends one record's values, one to each column, in table order. */
  push(columns: DuckDBValue[][], record: T): void;
}

/**
 * Timestamps stay VARCHAR, exactly as in the CSV, so that every format carries the same text
 * (with its offset) and ingest parses all of them with the same rule.
 */
const TRIPS_LAYOUT: ParquetLayout<TripRecord> = {
  table: 'trips',
  create: `CREATE TABLE trips (
  trip_id VARCHAR, user_id VARCHAR, vehicle_id VARCHAR, started_at VARCHAR, ended_at VARCHAR,
  distance_km DOUBLE, energy_kwh DOUBLE, adas_km DOUBLE, region VARCHAR)`,
  types: [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, DOUBLE, DOUBLE, DOUBLE, VARCHAR],
  push: pushTrip,
};

/** Writes trips as Parquet (see writeParquetRows). */
export function writeParquet(trips: Iterable<TripRecord>, path: string): Promise<number> {
  return writeParquetRows(trips, path, TRIPS_LAYOUT);
}

/**
 * Writes records as Parquet through a private in-memory DuckDB. One thread keeps row groups in
 * insertion order, so the same records always give the same bytes.
 */
export async function writeParquetRows<T>(records: Iterable<T>, path: string, layout: ParquetLayout<T>): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  try {
    const connection = await instance.connect();
    try {
      await connection.run(layout.create);
      const rows = await appendRecords(connection, records, layout);
      await connection.run(`COPY ${layout.table} TO ${sqlString(path)} (FORMAT parquet)`);
      return rows;
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Appends whole data chunks: one native call per 2048 rows instead of one per value. */
async function appendRecords<T>(connection: DuckDBConnection, records: Iterable<T>, layout: ParquetLayout<T>): Promise<number> {
  const appender = await connection.createAppender(layout.table);
  const emptyColumns = (): DuckDBValue[][] => layout.types.map(() => []);
  let columns = emptyColumns();
  let rows = 0;
  const appendColumns = (): void => {
    const chunk = DuckDBDataChunk.create([...layout.types], columns[0]!.length);
    chunk.setColumns(columns);
    appender.appendDataChunk(chunk);
    columns = emptyColumns();
  };
  for (const record of records) {
    layout.push(columns, record);
    rows += 1;
    if (columns[0]!.length === CHUNK_ROWS) appendColumns();
  }
  if (columns[0]!.length > 0) appendColumns();
  appender.flushSync();
  appender.closeSync();
  return rows;
}

function pushTrip(columns: DuckDBValue[][], trip: TripRecord): void {
  columns[0]!.push(trip.trip_id);
  columns[1]!.push(trip.user_id);
  columns[2]!.push(trip.vehicle_id);
  columns[3]!.push(trip.started_at);
  columns[4]!.push(trip.ended_at);
  columns[5]!.push(trip.distance_km);
  columns[6]!.push(trip.energy_kwh);
  columns[7]!.push(trip.adas_km);
  columns[8]!.push(trip.region);
}
