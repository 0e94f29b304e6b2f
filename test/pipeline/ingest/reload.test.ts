import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { ingestFiles } from '../../../pipeline/ingest/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { countRows, databaseSnapshot } from '../../support/database-snapshot.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const HEADER = 'trip_id,user_id,vehicle_id,started_at,ended_at,distance_km';

describe('loading again', () => {
  it('the same file is a no-op that says so, even under another name', async () => {
    const database = await openDatabase(join(tempDir(), 'db.duckdb'));
    const messy = `${REPO_ROOT}data-samples/messy.csv`;
    await ingestFiles(database.connection, { inputs: [messy] });
    const before = await databaseSnapshot(database.connection);
    const copy = join(tempDir(), 'renamed.csv');
    copyFileSync(messy, copy);
    const again = await ingestFiles(database.connection, { inputs: [messy, copy] });
    expect(again.files.map((f) => f.status)).toEqual(['already_loaded', 'already_loaded']);
    expect(again.rowsRead).toBe(0);
    expect(await databaseSnapshot(database.connection)).toEqual(before);
    database.close();
  });

  it('a trip already loaded from another file is a duplicate_trip_id, the rest loads', async () => {
    const database = await openDatabase(':memory:');
    const first = join(tempDir(), 'day1.csv');
    const second = join(tempDir(), 'day2.csv');
    writeFileSync(first, `${HEADER}\nt1,u1,v1,2026-10-01T08:00:00Z,2026-10-01T08:30:00Z,10\n`);
    writeFileSync(second, `${HEADER}\nt2,u1,v1,2026-10-02T08:00:00Z,2026-10-02T08:30:00Z,11\nt1,u1,v1,2026-10-01T08:00:00Z,2026-10-01T08:30:00Z,10\n`);
    await ingestFiles(database.connection, { inputs: [first] });
    const summary = await ingestFiles(database.connection, { inputs: [second] });
    expect(summary.quarantinedByReason).toEqual({ duplicate_trip_id: 1 });
    const quarantined = (await database.connection.runAndReadAll('SELECT source, line, reason FROM quarantine')).getRows();
    expect(quarantined).toEqual([[second, 3n, 'duplicate_trip_id']]);
    expect(await countRows(database.connection, 'trips')).toBe(2);
    database.close();
  });
});
