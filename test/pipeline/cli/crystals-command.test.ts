import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

const CRYSTALS = `event_id,user_id,at,kind,amount,draw
e1,u1,2026-10-01T08:00:00Z,earned,10,
s1,u1,2026-10-02T10:00:00+02:00,spent,4,2026-10
s2,u1,2026-10-03T08:00:00Z,spent,7,2026-10
e2,u1,2026-10-04T08:00:00Z,earned,3,
x1,u2,2026-10-01T08:00:00Z,earned,5,
b1,u1,2026-10-05T08:00:00Z,gift,1,
m1,u1,2026-10-06T08:00:00Z,earned,1,,extra
`;

describe('stones crystals --user', { timeout: 120_000 }, () => {
  // Line 8 is malformed: its raw is the CSV text, which names nobody reliably, so no owner lists it.
  it("prints the owner's ledger with running balances and its quarantined events, as text and as JSON", () => {
    const db = join(tempDir(), 'stones.duckdb');
    const input = join(tempDir(), 'ledger.csv');
    writeFileSync(input, CRYSTALS);
    writeFileSync(join(tempDir(), 'owners.csv'), 'user_id,enrolled_on\nu1,2026-01-01\n');
    const ingest = runCli(['ingest', '--input', input, join(tempDir(), 'owners.csv'), '--db', db]);
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toContain(`${input}: crystals, 7 rows read, 4 accepted, 3 quarantined`);

    const text = runCli(['crystals', '--user', 'u1', '--db', db]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      [
        'u1 (enrolled): balance 9, 3 accepted events',
        '  at                        event  kind    amount  draw     balance',
        '  2026-10-01T08:00:00.000Z  e1     earned  +10              10',
        '  2026-10-02T08:00:00.000Z  s1     spent   -4      2026-10  6',
        '  2026-10-04T08:00:00.000Z  e2     earned  +3               9',
        'quarantined: 2',
        `  ${input}:4  insufficient_crystals  {"event_id":"s2","user_id":"u1","at":"2026-10-03 08:00:00+00","kind":"spent","amount":7,"draw":"2026-10"}`,
        `  ${input}:7  bad_kind               {"event_id":"b1","user_id":"u1","at":"2026-10-05T08:00:00Z","kind":"gift","amount":"1","draw":null}`,
        '',
      ].join('\n'),
    );

    const json = runCli(['crystals', '--user', 'u1', '--db', db, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const history = JSON.parse(json.stdout);
    expect(history).toMatchObject({ userId: 'u1', enrolled: true, balance: 9 });
    expect(history.events.map((e: { eventId: string; balance: number }) => [e.eventId, e.balance])).toEqual([
      ['e1', 10],
      ['s1', 6],
      ['e2', 9],
    ]);
    expect(history.events[1]).toEqual({
      eventId: 's1',
      at: '2026-10-02T08:00:00.000Z',
      kind: 'spent',
      amount: 4,
      draw: '2026-10',
      balance: 6,
      source: input,
      line: 3,
    });
    expect(history.quarantined.map((q: { line: number; reason: string }) => [q.line, q.reason])).toEqual([
      [4, 'insufficient_crystals'],
      [7, 'bad_kind'],
    ]);

    const other = JSON.parse(runCli(['crystals', '--user', 'u2', '--db', db, '--json']).stdout);
    expect(other).toMatchObject({ userId: 'u2', enrolled: false, balance: 5, quarantined: [] });
  });

  it('refuses a database that does not exist, in one line', () => {
    const result = runCli(['crystals', '--user', 'u1', '--db', join(tempDir(), 'none.duckdb')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^stones: .*no database at/);
  });
});
