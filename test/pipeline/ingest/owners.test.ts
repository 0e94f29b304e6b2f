import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DateMillisecond, Table, tableToIPC, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { InputFileError } from '../../../pipeline/errors/index.js';
import { generateOwners, generateTrips, writeOwnersFile, writeTripsFile } from '../../../pipeline/generate/index.js';
import { ingestFiles, inputKindOf, ownersEnrolledBy } from '../../../pipeline/ingest/index.js';
import { countRows, databaseSnapshot } from '../../support/database-snapshot.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const TRIPS_HEADER = 'trip_id,user_id,vehicle_id,started_at,ended_at,distance_km';

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

async function rows(connection: Awaited<ReturnType<typeof openDatabase>>['connection'], sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRows();
}

/** The owners table after loading `path` alone: user_id and the date as text. */
async function ingestedOwners(path: string): Promise<unknown[]> {
  const database = await openDatabase(':memory:');
  const summary = await ingestFiles(database.connection, { inputs: [path] });
  expect(summary.files.map((f) => f.kind)).toEqual(['owners']);
  expect(summary.rowsQuarantined).toBe(0);
  const owners = (
    await database.connection.runAndReadAll(`SELECT user_id, strftime(enrolled_on, '%Y-%m-%d') AS enrolled_on FROM owners ORDER BY user_id`)
  ).getRowObjectsJson();
  database.close();
  return owners;
}

describe('telling an enrolment file from a trips file', () => {
  it('goes by the columns: enrolled_on without trip_id, names compared case-insensitively', () => {
    expect(inputKindOf(['user_id', 'enrolled_on'])).toBe('owners');
    expect(inputKindOf([' User_ID', 'ENROLLED_ON ', 'plan'])).toBe('owners');
    expect(inputKindOf(['enrolled_on'])).toBe('owners');
    expect(inputKindOf(['trip_id', 'user_id', 'enrolled_on'])).toBe('trips');
    expect(inputKindOf(['user_id', 'joined'])).toBe('trips');
  });

  it('reads a file with both trip_id and enrolled_on as trips, ignoring enrolled_on', async () => {
    const database = await openDatabase(':memory:');
    const path = file('both.csv', `${TRIPS_HEADER},Enrolled_On\nt1,u1,v1,2026-10-01T08:00:00Z,2026-10-01T08:30:00Z,10,2025-01-01\n`);
    const summary = await ingestFiles(database.connection, { inputs: [path] });
    expect(summary.files[0]).toMatchObject({ kind: 'trips', rowsAccepted: 1, ignoredColumns: ['Enrolled_On'] });
    expect(await countRows(database.connection, 'owners')).toBe(0);
    database.close();
  });

  it('refuses an enrolment file without user_id as having no recognisable header', async () => {
    const database = await openDatabase(':memory:');
    const failure = await ingestFiles(database.connection, { inputs: [file('no-user.csv', 'owner,enrolled_on\nu1,2025-01-01\n')] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InputFileError);
    expect((failure as InputFileError).code).toBe('input_no_header');
    expect((failure as InputFileError).message).toMatch(/missing column user_id \(expected user_id,enrolled_on\)/);
    database.close();
  });
});

describe('owner rows', () => {
  it('get every owner reason, first one wins, in JSON Lines too', async () => {
    const path = file(
      'owners.jsonl',
      `${[
        JSON.stringify({ user_id: 'a', enrolled_on: '2025-01-01' }), // 1 ok
        '{"user_id": "b", oops}', // 2 malformed_row
        '["c", "2025-01-01"]', // 3 malformed_row (not an object)
        JSON.stringify({ user_id: '  ', enrolled_on: '2025-01-01' }), // 4 missing_field
        JSON.stringify({ user_id: 'd' }), // 5 missing_field (no key)
        JSON.stringify({ user_id: 'e', enrolled_on: '2025-13-01' }), // 6 bad_date
        JSON.stringify({ user_id: 'f', enrolled_on: 20250101 }), // 7 bad_date (a number)
        JSON.stringify({ user_id: 'g', enrolled_on: '1999-12-31' }), // 8 date_out_of_range
        JSON.stringify({ user_id: 'a', enrolled_on: '2025-02-02' }), // 9 duplicate_owner
        '', // 10 blank: not a row
        JSON.stringify({ user_id: 'h', enrolled_on: '1999-12-31', Tier: 'x' }), // 11 date_out_of_range, not bad_date
        JSON.stringify({ user_id: 'd', enrolled_on: '2099-12-31' }), // 12 ok: d's first valid row
      ].join('\n')}\n`,
    );
    const database = await openDatabase(':memory:');
    const summary = await ingestFiles(database.connection, { inputs: [path] });
    expect(summary.files[0]).toMatchObject({ kind: 'owners', rowsRead: 11, rowsAccepted: 2, rowsQuarantined: 9, ignoredColumns: ['Tier'] });
    expect(await rows(database.connection, 'SELECT line, reason FROM quarantine ORDER BY line')).toEqual([
      [2n, 'malformed_row'],
      [3n, 'malformed_row'],
      [4n, 'missing_field'],
      [5n, 'missing_field'],
      [6n, 'bad_date'],
      [7n, 'bad_date'],
      [8n, 'date_out_of_range'],
      [9n, 'duplicate_owner'],
      [11n, 'date_out_of_range'],
    ]);
    expect(await rows(database.connection, `SELECT user_id, strftime(enrolled_on, '%Y-%m-%d'), line FROM owners ORDER BY line`)).toEqual([
      ['a', '2025-01-01', 1n],
      ['d', '2099-12-31', 12n],
    ]);
    expect(summary.byKind.owners.quarantinedByReason).toEqual({ malformed_row: 2, missing_field: 2, bad_date: 2, date_out_of_range: 2, duplicate_owner: 1 });
    database.close();
  });

  it('are the same from CSV, JSONL, Parquet and Arrow (typed DATE columns in the binary formats)', async () => {
    const options = { users: 300, days: 20, seed: 9 };
    const results: Record<string, unknown[]> = {};
    for (const extension of ['csv', 'jsonl', 'parquet', 'arrow']) {
      const path = join(tempDir(), `owners.${extension}`);
      await writeOwnersFile(generateOwners(options), path);
      results[extension] = await ingestedOwners(path);
    }
    const csv = results.csv as unknown[];
    expect(csv.length).toBeGreaterThan(280);
    expect(results.jsonl).toEqual(csv);
    expect(results.parquet).toEqual(csv);
    expect(results.arrow).toEqual(csv);
  });

  it('take the UTC date of a timestamp column in Parquet and Arrow, and a DATE column as is', async () => {
    const scratch = await (await DuckDBInstance.create(':memory:')).connect();
    const parquetPath = join(tempDir(), 'typed.parquet');
    await scratch.run(
      `COPY (SELECT * FROM (VALUES
         ('p1', TIMESTAMPTZ '2026-10-01 01:00:00+08'),
         ('p2', TIMESTAMPTZ '2026-10-01 23:30:00-05'),
         ('p3', TIMESTAMPTZ '1999-12-31 23:00:00+00')) AS t(user_id, enrolled_on)) TO '${parquetPath}' (FORMAT parquet)`,
    );
    const datesPath = join(tempDir(), 'dates.parquet');
    await scratch.run(`COPY (SELECT 'd1' AS user_id, DATE '2024-02-29' AS enrolled_on UNION ALL SELECT 'd2', NULL::DATE) TO '${datesPath}' (FORMAT parquet)`);
    const database = await openDatabase(':memory:');
    await ingestFiles(database.connection, { inputs: [parquetPath, datesPath] });
    const arrowPath = file(
      'typed.arrow',
      Buffer.from(
        tableToIPC(
          new Table({
            user_id: vectorFromArray(['a1', 'a2'], new Utf8()),
            enrolled_on: vectorFromArray([new Date('2026-09-30T17:00:00Z'), new Date('2026-10-01T16:00:00Z')], new TimestampMillisecond('Asia/Shanghai')),
          }),
          'file',
        ),
      ),
    );
    const arrowDates = file(
      'dates.arrow',
      Buffer.from(
        tableToIPC(
          new Table({ user_id: vectorFromArray(['b1'], new Utf8()), enrolled_on: vectorFromArray([new Date('2025-06-30T00:00:00Z')], new DateMillisecond()) }),
          'file',
        ),
      ),
    );
    await ingestFiles(database.connection, { inputs: [arrowPath, arrowDates] });
    expect(await rows(database.connection, `SELECT user_id, strftime(enrolled_on, '%Y-%m-%d') FROM owners ORDER BY user_id`)).toEqual([
      ['a1', '2026-09-30'],
      ['a2', '2026-10-01'],
      ['b1', '2025-06-30'],
      ['d1', '2024-02-29'],
      ['p1', '2026-09-30'],
      ['p2', '2026-10-02'],
    ]);
    expect(await rows(database.connection, 'SELECT source, line, reason FROM quarantine ORDER BY source, line')).toEqual([
      [datesPath, 2n, 'missing_field'],
      [parquetPath, 3n, 'date_out_of_range'],
    ]);
    database.close();
  });
});

describe('a batch with both kinds of file', () => {
  async function writeSample(directory: string): Promise<{ trips: string; owners: string }> {
    mkdirSync(directory, { recursive: true });
    const options = { users: 30, days: 5, seed: 4 };
    const trips = join(directory, 'night.csv');
    const owners = join(directory, 'night.owners.parquet');
    await writeTripsFile(generateTrips(options), trips);
    await writeOwnersFile(generateOwners(options), owners);
    return { trips, owners };
  }

  it('loads a directory holding a trips file and an owners file, each as its kind', async () => {
    const directory = join(tempDir(), 'incoming');
    const { trips, owners } = await writeSample(directory);
    const database = await openDatabase(':memory:');
    const summary = await ingestFiles(database.connection, { inputs: [directory] });
    expect(summary.files.map((f) => [f.path, f.kind, f.status])).toEqual([
      [trips, 'trips', 'loaded'],
      [owners, 'owners', 'loaded'],
    ]);
    expect(summary.byKind.trips.rowsAccepted).toBe(await countRows(database.connection, 'trips'));
    expect(summary.byKind.owners.rowsAccepted).toBe(await countRows(database.connection, 'owners'));
    expect(summary.rowsAccepted).toBe(summary.byKind.trips.rowsAccepted + summary.byKind.owners.rowsAccepted);
    expect(await rows(database.connection, 'SELECT path, kind FROM loads ORDER BY load_id')).toEqual([
      [trips, 'trips'],
      [owners, 'owners'],
    ]);
    database.close();
  });

  it('loads the same through a glob', async () => {
    const directory = join(tempDir(), 'globbed');
    const { trips, owners } = await writeSample(directory);
    const database = await openDatabase(':memory:');
    const summary = await ingestFiles(database.connection, { inputs: [join(directory, 'night*')] });
    expect(summary.files.map((f) => [f.path, f.kind])).toEqual([
      [trips, 'trips'],
      [owners, 'owners'],
    ]);
    database.close();
  });

  it('leaves the database unchanged when its second file cannot be read', async () => {
    const database = await openDatabase(join(tempDir(), 'db.duckdb'));
    await ingestFiles(database.connection, { inputs: [file('first.csv', 'user_id,enrolled_on\nu0,2024-01-01\n')] });
    const before = await databaseSnapshot(database.connection);
    const owners = file('owners.csv', 'user_id,enrolled_on\nu1,2025-01-01\nu2,2025-01-02\n');
    const trips = file('trips.csv', `${TRIPS_HEADER}\nt1,u1,v1,2026-10-01T08:00:00Z,2026-10-01T08:30:00Z,10\n`);
    for (const bad of [file('bad.parquet', 'user_id,enrolled_on\n'), file('bad.csv', 'u3,2025-01-03\n')]) {
      const failure = await ingestFiles(database.connection, { inputs: [owners, bad, trips] }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(InputFileError);
      expect((failure as InputFileError).message).not.toContain('\n');
      expect(await databaseSnapshot(database.connection)).toEqual(before);
    }
    database.close();
  });
});

describe('loading owners again', () => {
  it('the same file is a no-op that says so, even under another name', async () => {
    const database = await openDatabase(join(tempDir(), 'db.duckdb'));
    const owners = file('owners.csv', 'user_id,enrolled_on\nu1,2025-01-01\nu2,2025-01-02\n');
    await ingestFiles(database.connection, { inputs: [owners] });
    const before = await databaseSnapshot(database.connection);
    const copy = join(tempDir(), 'renamed.csv');
    copyFileSync(owners, copy);
    const again = await ingestFiles(database.connection, { inputs: [owners, copy] });
    expect(again.files.map((f) => [f.kind, f.status, f.rowsAccepted])).toEqual([
      ['owners', 'already_loaded', 2],
      ['owners', 'already_loaded', 2],
    ]);
    expect(again.rowsRead).toBe(0);
    expect(await databaseSnapshot(database.connection)).toEqual(before);
    database.close();
  });

  it('an owner already enrolled by another file is a duplicate_owner, the rest loads', async () => {
    const database = await openDatabase(':memory:');
    const first = file('january.csv', 'user_id,enrolled_on\nu1,2025-01-01\n');
    const second = file('february.jsonl', '{"user_id":"u2","enrolled_on":"2025-02-01"}\n{"user_id":"u1","enrolled_on":"2025-02-02"}\n');
    await ingestFiles(database.connection, { inputs: [first] });
    const summary = await ingestFiles(database.connection, { inputs: [second] });
    expect(summary.quarantinedByReason).toEqual({ duplicate_owner: 1 });
    expect(await rows(database.connection, 'SELECT source, line, reason, raw FROM quarantine')).toEqual([
      [second, 2n, 'duplicate_owner', '{"user_id":"u1","enrolled_on":"2025-02-02"}'],
    ]);
    expect(await rows(database.connection, `SELECT user_id, strftime(enrolled_on, '%Y-%m-%d') FROM owners ORDER BY user_id`)).toEqual([
      ['u1', '2025-01-01'],
      ['u2', '2025-02-01'],
    ]);
    database.close();
  });
});

describe('reading the owners of a period', () => {
  it('ownersEnrolledBy gives everyone enrolled on or before the day, by user_id', async () => {
    const database = await openDatabase(':memory:');
    await ingestFiles(database.connection, {
      inputs: [file('owners.csv', 'user_id,enrolled_on\nu3,2026-10-31\nu1,2025-01-01\nu2,2026-11-01\n')],
    });
    expect(await ownersEnrolledBy(database.connection, '2026-10-31')).toEqual([
      { userId: 'u1', enrolledOn: '2025-01-01' },
      { userId: 'u3', enrolledOn: '2026-10-31' },
    ]);
    database.close();
  });
});

describe('a database made before enrolment files', () => {
  it('gets loads.kind in place, "trips" for its old loads, and loads both kinds after', async () => {
    const path = join(tempDir(), 'old.duckdb');
    const old = await DuckDBInstance.create(path);
    const connection = await old.connect();
    await connection.run(`
      CREATE SEQUENCE load_id_seq START 2;
      CREATE TABLE loads (
        load_id BIGINT PRIMARY KEY, path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL UNIQUE, bytes BIGINT NOT NULL,
        format VARCHAR NOT NULL, rows_read BIGINT NOT NULL, rows_accepted BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL,
        ignored_columns VARCHAR[] NOT NULL, loaded_at TIMESTAMPTZ NOT NULL, CHECK (rows_read = rows_accepted + rows_quarantined));
      INSERT INTO loads VALUES (1, 'old.csv', 'abc', 10, 'csv', 0, 0, 0, [], now());`);
    connection.closeSync();
    old.closeSync();
    const database = await openDatabase(path);
    await ingestFiles(database.connection, {
      inputs: [
        file('o.csv', 'user_id,enrolled_on\nu1,2025-01-01\n'),
        file('t.csv', `${TRIPS_HEADER}\nt1,u1,v1,2026-10-01T08:00:00Z,2026-10-01T08:30:00Z,10\n`),
      ],
    });
    expect(await rows(database.connection, 'SELECT load_id, kind FROM loads ORDER BY load_id')).toEqual([
      [1n, 'trips'],
      [2n, 'owners'],
      [3n, 'trips'],
    ]);
    database.close();
  });
});
