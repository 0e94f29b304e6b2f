import { closeSync, openSync } from 'node:fs';
import { AsyncByteQueue, Field, Float64, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8, makeData, type Data } from 'apache-arrow';
import { float64ColumnData, utf8ColumnData } from '../arrow/index.js';
import { TRIP_COLUMNS, type TripColumn, type TripRecord } from './trip-record.js';
import { writeFully } from '../files/index.js';

/** Rows per record batch: bounded memory, and a fixed size keeps the bytes deterministic. */
const BATCH_ROWS = 8192;

const NUMBER_COLUMNS: ReadonlySet<TripColumn> = new Set(['distance_km', 'energy_kwh', 'adas_km']);
const NULLABLE_COLUMNS: ReadonlySet<TripColumn> = new Set(['energy_kwh', 'adas_km', 'region']);

/** Declared once: a batch whose inferred schema differed would make the writer start over. */
const TRIPS_ARROW_SCHEMA = new Schema(
  TRIP_COLUMNS.map((name) => new Field(name, NUMBER_COLUMNS.has(name) ? new Float64() : new Utf8(), NULLABLE_COLUMNS.has(name))),
);

type ColumnValues = (string | number | null)[];

/** How records of one kind become Arrow record batches. */
export interface ArrowLayout<T> {
  readonly schema: Schema;
  /** Appends one record's values, one to each column, in schema order. */
  push(columns: ColumnValues[], record: T): void;
  /** The column data of one batch, in schema order. */
  data(columns: readonly ColumnValues[]): Data[];
}

const TRIPS_LAYOUT: ArrowLayout<TripRecord> = {
  schema: TRIPS_ARROW_SCHEMA,
  push: pushTrip,
  data: (columns) =>
    TRIP_COLUMNS.map((name, i) =>
      NUMBER_COLUMNS.has(name) ? float64ColumnData(columns[i] as (number | null)[]) : utf8ColumnData(columns[i] as (string | null)[]),
    ),
};

/** Writes trips as an Arrow IPC file (see writeArrowRows). */
export function writeArrow(trips: Iterable<TripRecord>, path: string): Promise<number> {
  return writeArrowRows(trips, path, TRIPS_LAYOUT);
}

/**
 * Writes records as an Arrow IPC file (the random-access "file" format, with a footer), one
 * record batch at a time, each written to disk as soon as it is encoded: memory stays at
 * about one batch whatever the number of records.
 */
export async function writeArrowRows<T>(records: Iterable<T>, path: string, layout: ArrowLayout<T>): Promise<number> {
  const fd = openSync(path, 'w');
  try {
    const writer = new RecordBatchFileWriter();
    writer.reset(new FileDescriptorSink(fd));
    let rows = 0;
    for (const batch of recordBatches(records, layout)) {
      writer.write(batch);
      rows += batch.numRows;
    }
    writer.finish(); // writes the footer
    return rows;
  } finally {
    closeSync(fd);
  }
}

/**
 * The writer's byte sink, writing straight to a file. By default the writer queues every
 * byte until someone reads the queue: a million trips would sit in memory twice. reset()
 * adopts any AsyncByteQueue as its sink, so this one writes instead of queueing.
 */
class FileDescriptorSink extends AsyncByteQueue {
  constructor(private readonly fd: number) {
    super();
  }

  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!ArrayBuffer.isView(value)) throw new TypeError('arrow writer: expected bytes');
    writeFully(this.fd, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
}

/** Batches of BATCH_ROWS records; an empty input still gives one empty batch, so the file has a schema. */
function* recordBatches<T>(records: Iterable<T>, layout: ArrowLayout<T>): Generator<RecordBatch> {
  const emptyColumns = (): ColumnValues[] => layout.schema.fields.map(() => []);
  let columns = emptyColumns();
  let rows = 0;
  let batches = 0;
  for (const record of records) {
    layout.push(columns, record);
    rows += 1;
    if (rows === BATCH_ROWS) {
      yield recordBatch(columns, rows, layout);
      batches += 1;
      columns = emptyColumns();
      rows = 0;
    }
  }
  if (rows > 0 || batches === 0) yield recordBatch(columns, rows, layout);
}

function recordBatch<T>(columns: readonly ColumnValues[], rows: number, layout: ArrowLayout<T>): RecordBatch {
  const data = makeData({ type: new Struct(layout.schema.fields), length: rows, nullCount: 0, children: layout.data(columns) });
  return new RecordBatch(layout.schema, data);
}

function pushTrip(columns: ColumnValues[], trip: TripRecord): void {
  for (let i = 0; i < TRIP_COLUMNS.length; i++) columns[i]!.push(trip[TRIP_COLUMNS[i]!]);
}
