import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Float64, Table, tableToIPC, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../../pipeline/db/index.js';
import { CRYSTAL_QUARANTINE_REASON_CODES, ingestFiles, inputKindOf } from '../../../pipeline/ingest/index.js';
import { refusedSpends } from '../../../pipeline/ingest/crystal-balances.js';
import { databaseSnapshot } from '../../support/database-snapshot.js';
import { REPO_ROOT } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const HEADER = 'event_id,user_id,at,kind,amount,draw';

function file(name: string, content: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

function csv(...lines: string[]): string {
  return `${[HEADER, ...lines].join('\n')}\n`;
}

async function query(database: Database, sql: string): Promise<Record<string, unknown>[]> {
  return (await database.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function accepted(database: Database): Promise<string[]> {
  return (await query(database, 'SELECT event_id FROM crystal_events ORDER BY event_id')).map((r) => String(r.event_id));
}

async function quarantined(database: Database): Promise<{ line: number; reason: string; raw: string }[]> {
  return (await query(database, 'SELECT line, reason, raw FROM quarantine ORDER BY line')).map((r) => ({
    line: Number(r.line),
    reason: String(r.reason),
    raw: String(r.raw),
  }));
}

/** Every owner's lowest running balance over the accepted events, in ledger order. */
async function lowestBalances(database: Database): Promise<Record<string, number>> {
  const rows = await query(
    database,
    `SELECT user_id, min(balance) AS lowest FROM (
       SELECT user_id, sum(CASE kind WHEN 'earned' THEN amount ELSE -amount END)
         OVER (PARTITION BY user_id ORDER BY occurred_at, event_id ROWS UNBOUNDED PRECEDING) AS balance
       FROM crystal_events)
     GROUP BY user_id ORDER BY user_id`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.user_id), Number(r.lowest)]));
}

describe('telling a crystal event file', () => {
  it('goes by the columns: event_id, kind and amount without trip_id', () => {
    expect(inputKindOf(['event_id', 'user_id', 'at', 'kind', 'amount', 'draw'])).toBe('crystals');
    expect(inputKindOf([' Event_ID', 'KIND', 'Amount'])).toBe('crystals');
    expect(inputKindOf(['trip_id', 'event_id', 'kind', 'amount'])).toBe('trips');
    expect(inputKindOf(['event_id', 'kind'])).toBe('trips');
    expect(inputKindOf(['user_id', 'enrolled_on'])).toBe('owners');
  });
});

describe('crystal event rows', () => {
  it('get every reason, one row each, the raw kept, and nothing lost', async () => {
    const database = await openDatabase(':memory:');
    const path = file(
      'crystals.csv',
      csv(
        'e1,u1,2026-10-01T08:00:00Z,earned,10,', // 2 ok
        'e2,u1,2026-10-02T08:00:00Z,spent,4,2026-10,extra', // 3 malformed_row
        'e3,,2026-10-02T08:00:00Z,earned,1,', // 4 missing_field
        'e4,u1,2026-10-02 08:00:00,earned,1,', // 5 bad_timestamp (no offset)
        'e5,u1,2026-10-02T08:00:00Z,gift,1,', // 6 bad_kind
        'e6,u1,2026-10-02T08:00:00Z,earned,1.5,', // 7 bad_amount
        'e7,u1,2026-10-02T08:00:00Z,spent,1,', // 8 missing_draw
        'e8,u1,2026-10-02T08:00:00Z,earned,1,2026-10', // 9 unexpected_draw
        'e9,u1,2026-10-02T08:00:00Z,spent,1,2026-13', // 10 bad_draw
        'e1,u1,2026-10-03T08:00:00Z,earned,5,', // 11 duplicate_event_id
        'e10,u1,2026-10-04T08:00:00Z,spent,11,2026-10', // 12 insufficient_crystals (balance 10)
        'e11,u1,2026-10-05T08:00:00Z,Spent,10,2026-11', // 13 ok: kind compares case-insensitively
        'e12,u2,2026-10-05T08:00:00Z,earned,0,', // 14 bad_amount (zero)
        'e13,u2,2026-10-05T08:00:00Z,earned,2147483648,', // 15 bad_amount (above 2^31-1)
      ),
    );
    const summary = await ingestFiles(database.connection, { inputs: [path] });
    expect(summary.files[0]).toMatchObject({ kind: 'crystals', rowsRead: 14, rowsAccepted: 2, rowsQuarantined: 12 });
    expect(summary.byKind.crystals.rowsRead).toBe(summary.byKind.crystals.rowsAccepted + summary.byKind.crystals.rowsQuarantined);
    expect(await accepted(database)).toEqual(['e1', 'e11']);
    const rows = await quarantined(database);
    expect(rows.map((r) => [r.line, r.reason])).toEqual([
      [3, 'malformed_row'],
      [4, 'missing_field'],
      [5, 'bad_timestamp'],
      [6, 'bad_kind'],
      [7, 'bad_amount'],
      [8, 'missing_draw'],
      [9, 'unexpected_draw'],
      [10, 'bad_draw'],
      [11, 'duplicate_event_id'],
      [12, 'insufficient_crystals'],
      [14, 'bad_amount'],
      [15, 'bad_amount'],
    ]);
    // draw_closed needs a scored run of the draw's period: its own test below.
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(CRYSTAL_QUARANTINE_REASON_CODES.filter((code) => code !== 'draw_closed')));
    expect(rows[0]?.raw).toBe('e2,u1,2026-10-02T08:00:00Z,spent,4,2026-10,extra');
    expect(JSON.parse(rows[3]?.raw ?? '')).toMatchObject({ event_id: 'e5', kind: 'gift' });
    expect(JSON.parse(rows[9]?.raw ?? '')).toMatchObject({ event_id: 'e10', user_id: 'u1', kind: 'spent', amount: 11, draw: '2026-10' });
    const loads = await query(database, 'SELECT kind, rows_read, rows_accepted, rows_quarantined FROM loads');
    expect(loads).toEqual([{ kind: 'crystals', rows_read: '14', rows_accepted: '2', rows_quarantined: '12' }]);
    database.close();
  });

  it('refuse a spend on a draw whose period has released its scores (draw_closed), and keep the balance whole', async () => {
    const database = await openDatabase(':memory:');
    await ingestFiles(database.connection, { inputs: [file('earned.csv', csv('e1,u1,2026-10-01T08:00:00Z,earned,50,'))] });
    // A committed, not yet scored run of 2026-10 leaves its draw open; once scored it is closed.
    await database.connection.run(
      `INSERT INTO runs (run_id, period, time_zone, status, created_at, formula_id, formula_version, formula_sha256, formula_poseidon,
                         pool, carried_in, batch_size, users, batches, data_root, data_root_recorded_at)
       VALUES ('2026-10-r1', '2026-10', 'UTC', 'committed', now(), 'f', 3, 'x', '0x1', 1, 0, 2, 1, 1, '0x2', now())`,
    );
    await ingestFiles(database.connection, { inputs: [file('open.csv', csv('s1,u1,2026-11-01T08:00:00Z,spent,25,2026-10'))] });
    await database.connection.run(`UPDATE runs SET status = 'scored', award_root = '0x3' WHERE run_id = '2026-10-r1'`);
    const summary = await ingestFiles(database.connection, {
      inputs: [file('late.csv', csv('s2,u1,2026-11-02T08:00:00Z,spent,25,2026-10', 's3,u1,2026-11-02T09:00:00Z,spent,25,2026-11'))],
    });
    expect(summary.files[0]).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsQuarantined: 1 });
    expect(await accepted(database)).toEqual(['e1', 's1', 's3']);
    expect((await quarantined(database)).map((r) => [r.line, r.reason])).toEqual([[2, 'draw_closed']]);
    expect(await lowestBalances(database)).toEqual({ u1: 0 });
    database.close();
  });

  it('accepts events of an owner with no enrolment row (the enrolment file may come later)', async () => {
    const database = await openDatabase(':memory:');
    await ingestFiles(database.connection, { inputs: [file('c.csv', csv('e1,nobody,2026-10-01T08:00:00Z,earned,3,'))] });
    expect(await accepted(database)).toEqual(['e1']);
    database.close();
  });
});

describe('balances', () => {
  it('judge a file’s new spends in time order, whatever their order in the file', async () => {
    const database = await openDatabase(':memory:');
    const path = file(
      'c.csv',
      csv(
        's2,u1,2026-10-03T08:00:00Z,spent,6,2026-10', // later: judged second, refused (10 - 5 < 6)
        'e1,u1,2026-10-01T08:00:00Z,earned,10,',
        's1,u1,2026-10-02T08:00:00Z,spent,5,2026-10', // earlier: judged first, accepted
        'e2,u1,2026-10-04T08:00:00Z,earned,100,', // comes after s2: does not save it
      ),
    );
    await ingestFiles(database.connection, { inputs: [path] });
    expect(await accepted(database)).toEqual(['e1', 'e2', 's1']);
    expect((await quarantined(database)).map((r) => [r.line, r.reason])).toEqual([[2, 'insufficient_crystals']]);
    database.close();
  });

  it('refuse a late spend that would overdraw a spend accepted in an earlier load', async () => {
    const database = await openDatabase(':memory:');
    await ingestFiles(database.connection, {
      inputs: [file('first.csv', csv('e1,u1,2026-10-01T08:00:00Z,earned,10,', 's3,u1,2026-10-10T08:00:00Z,spent,8,2026-10'))],
    });
    // s1 fits its own moment (balance 10) but would leave 10 - 3 - 8 < 0 at s3, accepted before.
    // s2 comes after s3 and fits what is left after it (2), so it is taken.
    await ingestFiles(database.connection, {
      inputs: [file('second.csv', csv('s1,u1,2026-10-05T08:00:00Z,spent,3,2026-10', 's2,u1,2026-10-12T08:00:00Z,spent,2,2026-10'))],
    });
    expect(await accepted(database)).toEqual(['e1', 's2', 's3']);
    expect((await quarantined(database)).map((r) => [r.line, r.reason])).toEqual([[2, 'insufficient_crystals']]);
    expect(await lowestBalances(database)).toEqual({ u1: 0 });
    // An earning that arrives late makes room for the same spend resent under a new id.
    await ingestFiles(database.connection, {
      inputs: [file('third.csv', csv('e0,u1,2026-09-30T08:00:00Z,earned,3,', 's1b,u1,2026-10-05T08:00:00Z,spent,3,2026-10'))],
    });
    expect(await accepted(database)).toEqual(['e0', 'e1', 's1b', 's2', 's3']);
    database.close();
  });

  it('never go negative over any sequence of loads (random ledgers)', async () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const database = await openDatabase(':memory:');
    let id = 0;
    for (let load = 0; load < 6; load += 1) {
      const lines: string[] = [];
      for (let k = 0; k < 40; k += 1) {
        const user = `u${next(3)}`;
        const at = new Date(Date.UTC(2026, 9, 1 + next(28), next(24))).toISOString();
        const spent = next(2) === 0;
        lines.push(`ev${id++},${user},${at},${spent ? 'spent' : 'earned'},${1 + next(9)},${spent ? '2026-10' : ''}`);
      }
      const summary = await ingestFiles(database.connection, { inputs: [file(`load${load}.csv`, csv(...lines))] });
      expect(summary.rowsAccepted + summary.rowsQuarantined).toBe(40);
      for (const lowest of Object.values(await lowestBalances(database))) expect(lowest).toBeGreaterThanOrEqual(0);
    }
    const reasons = await query(database, 'SELECT DISTINCT reason FROM quarantine');
    expect(reasons).toEqual([{ reason: 'insufficient_crystals' }]);
    database.close();
  });

  it('refusedSpends keeps earlier accepted events and new earnings whatever comes', () => {
    const ledger = [
      { kind: 'earned', amount: 5, rowId: 1n },
      { kind: 'spent', amount: 5, rowId: null },
      { kind: 'spent', amount: 1, rowId: 2n },
      { kind: 'earned', amount: 1, rowId: 3n },
      { kind: 'spent', amount: 1, rowId: 4n },
    ] as const;
    expect(refusedSpends(ledger)).toEqual([2n]);
  });
});

describe('loading crystal events', () => {
  it('again from the same bytes is a no-op', async () => {
    const database = await openDatabase(':memory:');
    const content = csv('e1,u1,2026-10-01T08:00:00Z,earned,10,', 's1,u1,2026-10-02T08:00:00Z,spent,20,2026-10');
    await ingestFiles(database.connection, { inputs: [file('a.csv', content)] });
    const before = await databaseSnapshot(database.connection);
    const again = await ingestFiles(database.connection, { inputs: [file('renamed.csv', content)] });
    expect(again.files[0]).toMatchObject({ status: 'already_loaded', kind: 'crystals', rowsRead: 2, rowsAccepted: 1, rowsQuarantined: 1 });
    expect(await databaseSnapshot(database.connection)).toEqual(before);
    database.close();
  });

  it('from CSV, JSONL, Parquet and Arrow gives the same events', async () => {
    const events = [
      { event_id: 'e1', user_id: 'u1', at: '2026-10-01T08:00:00+02:00', kind: 'earned', amount: 10, draw: null },
      { event_id: 's1', user_id: 'u1', at: '2026-10-02T08:00:00Z', kind: 'spent', amount: 4, draw: '2026-10' },
      { event_id: 's2', user_id: 'u1', at: '2026-10-03T08:00:00Z', kind: 'spent', amount: 7, draw: '2026-10' },
    ];
    const csvPath = file('c.csv', csv(...events.map((e) => `${e.event_id},${e.user_id},${e.at},${e.kind},${e.amount},${e.draw ?? ''}`)));
    const jsonlPath = file('c.jsonl', `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const parquetPath = join(tempDir(), 'c.parquet');
    const scratch = await openDatabase(':memory:');
    await scratch.connection.run(
      `COPY (SELECT event_id, user_id, CAST("at" AS TIMESTAMPTZ) AS "at", kind, CAST(amount AS INTEGER) AS amount, draw
             FROM read_json('${jsonlPath}', columns = {event_id: 'VARCHAR', user_id: 'VARCHAR', "at": 'VARCHAR', kind: 'VARCHAR', amount: 'BIGINT', draw: 'VARCHAR'}))
       TO '${parquetPath}' (FORMAT parquet)`,
    );
    scratch.close();
    const arrowPath = file(
      'c.arrow',
      tableToIPC(
        new Table({
          event_id: vectorFromArray(
            events.map((e) => e.event_id),
            new Utf8(),
          ),
          user_id: vectorFromArray(
            events.map((e) => e.user_id),
            new Utf8(),
          ),
          at: vectorFromArray(
            events.map((e) => Date.parse(e.at)),
            new TimestampMillisecond('UTC'),
          ),
          kind: vectorFromArray(
            events.map((e) => e.kind),
            new Utf8(),
          ),
          amount: vectorFromArray(
            events.map((e) => e.amount),
            new Float64(),
          ),
          draw: vectorFromArray(
            events.map((e) => e.draw),
            new Utf8(),
          ),
        }),
        'file',
      ),
    );
    const loaded: unknown[] = [];
    for (const path of [csvPath, jsonlPath, parquetPath, arrowPath]) {
      const database = await openDatabase(':memory:');
      const summary = await ingestFiles(database.connection, { inputs: [path] });
      expect(summary.files[0]).toMatchObject({ kind: 'crystals', rowsRead: 3 });
      loaded.push({
        events: await query(database, `SELECT event_id, user_id, epoch_ms(occurred_at) AS at, kind, amount, draw, line FROM crystal_events ORDER BY event_id`),
        quarantined: (await quarantined(database)).map((r) => r.reason),
      });
      database.close();
    }
    expect(loaded[0]).toEqual({
      events: [
        { event_id: 'e1', user_id: 'u1', at: String(Date.parse('2026-10-01T06:00:00Z')), kind: 'earned', amount: 10, draw: null, line: '2' },
        { event_id: 's1', user_id: 'u1', at: String(Date.parse('2026-10-02T08:00:00Z')), kind: 'spent', amount: 4, draw: '2026-10', line: '3' },
      ],
      quarantined: ['insufficient_crystals'],
    });
    // CSV lines count the header; the other formats number rows from 1.
    const withoutLines = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'line' ? undefined : v)));
    for (const other of loaded.slice(1)) expect(withoutLines(other)).toEqual(withoutLines(loaded[0]));
  });
});

describe('the crystal_events table', () => {
  it('is added to a database made before crystal events existed, when it is opened', async () => {
    const path = join(tempDir(), 'old.duckdb');
    const old = await openDatabase(path);
    await old.connection.run('DROP TABLE crystal_events');
    old.close();
    const reopened = await openDatabase(path);
    const summary = await ingestFiles(reopened.connection, { inputs: [file('c.csv', csv('e1,u1,2026-10-01T08:00:00Z,earned,10,'))] });
    expect(summary.rowsAccepted).toBe(1);
    reopened.close();
  });

  it('takes the committed sample whole, next to its enrolment file', async () => {
    const database = await openDatabase(':memory:');
    const summary = await ingestFiles(database.connection, {
      inputs: [`${REPO_ROOT}data-samples/trips.owners.csv`, `${REPO_ROOT}data-samples/trips.crystals.csv`],
    });
    expect(summary.byKind.crystals).toMatchObject({ rowsRead: 1740, rowsAccepted: 1740, rowsQuarantined: 0 });
    const unenrolled = await query(database, 'SELECT count(*) AS events FROM crystal_events ANTI JOIN owners USING (user_id)');
    expect(unenrolled).toEqual([{ events: '0' }]);
    for (const lowest of Object.values(await lowestBalances(database))) expect(lowest).toBeGreaterThanOrEqual(0);
    database.close();
  });
});
