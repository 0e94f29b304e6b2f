import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { ingestFiles, OWNER_QUARANTINE_REASON_CODES } from '../../../pipeline/ingest/index.js';
import { REPO_ROOT } from '../../support/cli.js';
import { documentedBadLines } from '../../support/documented-bad-lines.js';

const MESSY_OWNERS = `${REPO_ROOT}data-samples/messy-owners.csv`;

async function loadMessyOwners() {
  const database = await openDatabase(':memory:');
  const summary = await ingestFiles(database.connection, { inputs: [MESSY_OWNERS] });
  return { database, summary, connection: database.connection };
}

describe('ingest of data-samples/messy-owners.csv', () => {
  it('is read as an enrolment file', async () => {
    const { summary, database } = await loadMessyOwners();
    expect(summary.files.map((f) => f.kind)).toEqual(['owners']);
    expect(summary.byKind.trips.rowsRead).toBe(0);
    expect(summary.byKind.owners.rowsRead).toBe(summary.rowsRead);
    database.close();
  });

  it('quarantines exactly the documented lines, each with its documented reason', async () => {
    const { connection, database } = await loadMessyOwners();
    const expected = documentedBadLines('messy-owners.csv');
    expect(expected.size).toBe(15);
    const quarantined = (await connection.runAndReadAll('SELECT line, reason FROM quarantine ORDER BY line')).getRows();
    expect(new Map(quarantined.map(([line, reason]) => [Number(line), String(reason)]))).toEqual(expected);
    database.close();
  });

  it('covers every owner reason code', () => {
    const reasons = new Set(documentedBadLines('messy-owners.csv').values());
    expect([...reasons].sort()).toEqual([...OWNER_QUARANTINE_REASON_CODES].sort());
  });

  it('accepts every other row, on its own line number, and loses none', async () => {
    const { connection, summary, database } = await loadMessyOwners();
    const lines = readFileSync(MESSY_OWNERS, 'latin1').split('\n').slice(0, -1);
    const rowLines = lines.map((text, k) => ({ text, line: k + 1 })).filter(({ text, line }) => line > 1 && text !== '');
    const owners = (await connection.runAndReadAll('SELECT line, user_id FROM owners ORDER BY line')).getRows();
    expect(owners.map(([line]) => Number(line))).toEqual([2, 3, 16, 18, 19, 20, 21, 22, 26]);
    for (const [line, userId] of owners) expect(lines[Number(line) - 1]?.startsWith(`${String(userId)},`)).toBe(true);
    expect(summary.rowsRead).toBe(rowLines.length);
    expect(summary.rowsAccepted + summary.rowsQuarantined).toBe(rowLines.length);
    const load = (
      await connection.runAndReadAll('SELECT kind, format, rows_read, rows_accepted, rows_quarantined, ignored_columns FROM loads')
    ).getRowObjectsJS();
    expect(load).toEqual([{ kind: 'owners', format: 'csv', rows_read: 24n, rows_accepted: 9n, rows_quarantined: 15n, ignored_columns: ['plan'] }]);
    expect(await connection.runAndReadAll('SELECT count(*) FROM trips').then((r) => r.getRows()[0]?.[0])).toBe(0n);
    database.close();
  });

  it('stores typed dates, the first valid copy of an owner, and the original values of a refused row', async () => {
    const { connection, database } = await loadMessyOwners();
    const owners = new Map(
      (await connection.runAndReadAll(`SELECT user_id, strftime(enrolled_on, '%Y-%m-%d') FROM owners`)).getRows().map(([u, d]) => [String(u), String(d)]),
    );
    expect(owners.get('o006')).toBe('2025-07-01');
    expect(owners.get('o018')).toBe('2025-07-02');
    expect(owners.get('o021')).toBe('2024-02-29');
    expect(owners.get('O025')).toBe('2025-09-02');
    const raw = new Map((await connection.runAndReadAll('SELECT line, raw FROM quarantine')).getRows().map(([l, r]) => [Number(l), String(r)]));
    expect(raw.get(5)).toBe('o004,2025-01-01,basic,surplus');
    expect(JSON.parse(raw.get(10) as string)).toEqual({ user_id: 'o009', enrolled_on: '15/03/2025' });
    expect(JSON.parse(raw.get(24) as string)).toEqual({ user_id: 'o006', enrolled_on: '2025-08-01' });
    database.close();
  });
});
