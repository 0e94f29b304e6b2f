import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { ingestFiles, QUARANTINE_REASON_CODES } from '../../../pipeline/ingest/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { documentedBadLines } from '../../support/documented-bad-lines.js';

const MESSY = `${REPO_ROOT}data-samples/messy.csv`;

async function loadMessy() {
  const database = await openDatabase(':memory:');
  const summary = await ingestFiles(database.connection, { inputs: [MESSY] });
  return { database, summary, connection: database.connection };
}

describe('ingest of data-samples/messy.csv', () => {
  it('quarantines exactly the documented lines, each with its documented reason', async () => {
    const { connection, database } = await loadMessy();
    const expected = documentedBadLines('messy.csv');
    expect(expected.size).toBe(20);
    const quarantined = (await connection.runAndReadAll('SELECT line, reason FROM quarantine ORDER BY line')).getRows();
    expect(new Map(quarantined.map(([line, reason]) => [Number(line), String(reason)]))).toEqual(expected);
    database.close();
  });

  it('covers every reason code except an already-loaded duplicate, which another test loads', async () => {
    const reasons = new Set(documentedBadLines('messy.csv').values());
    expect([...reasons].sort()).toEqual([...QUARANTINE_REASON_CODES].sort());
  });

  it('accepts every other row, on its own line number, and loses none', async () => {
    const { connection, summary, database } = await loadMessy();
    const lines = readFileSync(MESSY, 'latin1').split('\n').slice(0, -1);
    const rowLines = lines.map((text, k) => ({ text, line: k + 1 })).filter(({ text, line }) => line > 1 && text !== '');
    const trips = (await connection.runAndReadAll('SELECT line, trip_id FROM trips ORDER BY line')).getRows();
    expect(trips.map(([line]) => Number(line))).toEqual([2, 3, 20, 22, 23, 27, 29]);
    for (const [line, tripId] of trips) expect(lines[Number(line) - 1]?.startsWith(`${String(tripId)},`)).toBe(true);
    expect(summary.rowsRead).toBe(rowLines.length);
    expect(summary.rowsAccepted + summary.rowsQuarantined).toBe(rowLines.length);
    const load = (await connection.runAndReadAll('SELECT rows_read, rows_accepted, rows_quarantined, ignored_columns FROM loads')).getRowObjectsJS();
    expect(load).toEqual([{ rows_read: 27n, rows_accepted: 7n, rows_quarantined: 20n, ignored_columns: ['firmware'] }]);
    database.close();
  });

  it('keeps the original text of a malformed record and the original values of a refused one', async () => {
    const { connection, database } = await loadMessy();
    const raw = new Map((await connection.runAndReadAll('SELECT line, raw FROM quarantine')).getRows().map(([l, r]) => [Number(l), String(r)]));
    expect(raw.get(5)).toBe('m004,u-ada,v-ada-1,2026-10-06T09:00:00+08:00,2026-10-06T09:30:00+08:00,12,2,1,CN-SH,fw1.2,surplus');
    expect(JSON.parse(raw.get(10) as string)).toMatchObject({ trip_id: 'm009', distance_km: 'twelve' });
    database.close();
  });

  it('stores typed values: instants from offsets, quoted commas, the first valid copy of a trip', async () => {
    const { connection, database } = await loadMessy();
    const rows = (
      await connection.runAndReadAll(`SELECT trip_id, epoch_ms(started_at) AS started_ms, distance_km, adas_km, energy_kwh, region FROM trips ORDER BY line`)
    ).getRowObjectsJS();
    expect(rows[0]).toEqual({
      trip_id: 'm001',
      started_ms: BigInt(Date.parse('2026-10-05T00:00:00Z')),
      distance_km: 24.5,
      adas_km: 10,
      energy_kwh: 4.1,
      region: 'CN-SH',
    });
    expect(rows.find((r) => r.trip_id === 'm020')?.region).toBe('GB-LND, "City"');
    expect(rows.find((r) => r.trip_id === 'm006')?.distance_km).toBe(9.5);
    expect(rows.find((r) => r.trip_id === 'm027')?.started_ms).toBe(BigInt(Date.parse('2026-10-15T00:00:00Z')));
    database.close();
  });
});
