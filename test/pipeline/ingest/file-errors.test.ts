import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { InputFileError } from '../../../pipeline/errors/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { databaseSnapshot } from '../../support/database-snapshot.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const GOOD_ROW = 't9,u9,v9,2026-10-01T08:00:00Z,2026-10-01T08:30:00Z,10';

async function expectRefusedAndUnchanged(inputs: string[], code: string, message: RegExp): Promise<void> {
  const database = await openDatabase(join(tempDir(), 'db.duckdb'));
  await ingestFiles(database.connection, { inputs: [`${REPO_ROOT}data-samples/messy.csv`] });
  const before = await databaseSnapshot(database.connection);
  const failure = await ingestFiles(database.connection, { inputs }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(InputFileError);
  expect((failure as InputFileError).code).toBe(code);
  expect((failure as InputFileError).message).toMatch(message);
  expect((failure as InputFileError).message).not.toContain('\n');
  expect(await databaseSnapshot(database.connection)).toEqual(before);
  database.close();
}

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe('files that cannot be loaded at all', () => {
  it('a missing file', async () => {
    await expectRefusedAndUnchanged([join(tempDir(), 'nope.csv')], 'input_not_found', /nope\.csv: no such file/);
  });

  it('a glob or directory that names nothing', async () => {
    await expectRefusedAndUnchanged([join(tempDir(), '*.parquet')], 'input_not_found', /no file matches/);
    const empty = join(tempDir(), 'empty-dir');
    mkdirSync(empty);
    await expectRefusedAndUnchanged([empty], 'input_not_found', /holds no/);
  });

  it('a CSV without a header, an empty CSV, a header missing a column', async () => {
    await expectRefusedAndUnchanged([file('noheader.csv', `${GOOD_ROW}\n`)], 'input_no_header', /missing columns trip_id, user_id/);
    await expectRefusedAndUnchanged([file('empty.csv', '')], 'input_no_header', /empty/);
    await expectRefusedAndUnchanged(
      [file('partial.csv', 'trip_id,user_id,vehicle_id,started_at,ended_at\nt,u,v,a,b\n')],
      'input_no_header',
      /missing column distance_km/,
    );
  });

  it('a file that is not what its name says, or has an unknown extension', async () => {
    await expectRefusedAndUnchanged([file('fake.parquet', 'trip_id\n1\n')], 'input_unreadable', /not a readable Parquet file/);
    await expectRefusedAndUnchanged([file('fake.arrow', 'not arrow')], 'input_unreadable', /not a readable Arrow IPC file/);
    await expectRefusedAndUnchanged([file('trips.xlsx', 'x')], 'input_unsupported_format', /unknown format/);
  });

  it('a batch with one bad file loads none of them', async () => {
    const good = file('good.csv', `trip_id,user_id,vehicle_id,started_at,ended_at,distance_km\n${GOOD_ROW}\n`);
    const bad = file('bad.csv', `${GOOD_ROW}\n`);
    await expectRefusedAndUnchanged([good, bad], 'input_no_header', /bad\.csv/);
  });
});
