import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { featuresCommand } from '../../../cli/commands/features-command.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';

// The command is run in-process (the compiled CLI may not build until every command exists).
async function runFeatures(args: string[]): Promise<string> {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await featuresCommand().exitOverride().parseAsync(args, { from: 'user' });
    return write.mock.calls.map(([chunk]) => String(chunk)).join('');
  } finally {
    write.mockRestore();
  }
}

describe('stones features', () => {
  let dir: string;
  let dbPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stones-features-'));
    dbPath = join(dir, 'stones.duckdb');
    const db = await openDatabase(dbPath);
    // u1 drives on 11-05 UTC; u2 at 2026-10-31T17:30Z, which is November only in Asia/Shanghai.
    await db.connection.run(`
      INSERT INTO trips VALUES
        ('t1', 'u1', 'v1', TIMESTAMPTZ '2026-11-05 08:00:00+00', TIMESTAMPTZ '2026-11-05 09:00:00+00', 12.5, NULL, 3, 'north', 1, 2),
        ('t2', 'u2', 'v2', TIMESTAMPTZ '2026-10-31 17:30:00+00', TIMESTAMPTZ '2026-10-31 18:00:00+00', 4, NULL, NULL, NULL, 1, 3)`);
    // The enrolment file: u1 since October, u2 since 11-01 (so not in October), u3 only from December.
    await db.connection.run(`
      INSERT INTO owners VALUES ('u1', DATE '2026-10-01', 2, 2), ('u2', DATE '2026-11-01', 2, 3), ('u3', DATE '2026-12-01', 2, 4)`);
    db.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a one-line summary of the enrolled owners, UTC by default', async () => {
    expect(await runFeatures(['--period', '2026-10', '--db', dbPath])).toBe('features: period 2026-10, time zone UTC, 1 user\n');
    expect(await runFeatures(['--period', '2026-11', '--db', dbPath])).toBe('features: period 2026-11, time zone UTC, 2 users\n');
    const read = async (): Promise<unknown[]> => {
      const db = await openDatabase(dbPath);
      try {
        return (await db.connection.runAndReadAll(`SELECT period, user_id, time_zone, trips, km FROM features ORDER BY period, user_id`)).getRowsJS();
      } finally {
        db.close();
      }
    };
    // u2's trip is on 10-31 in UTC (before her enrolment, outside November): a row of zeros.
    expect(await read()).toEqual([
      ['2026-10', 'u1', 'UTC', 0, 0n],
      ['2026-11', 'u1', 'UTC', 1, 12n],
      ['2026-11', 'u2', 'UTC', 0, 0n],
    ]);
    expect(await runFeatures(['--period', '2026-11', '--tz', 'Asia/Shanghai', '--db', dbPath])).toBe(
      'features: period 2026-11, time zone Asia/Shanghai, 2 users\n',
    );
    // In Shanghai it is 11-01 01:30, her enrolment day: it counts. November is replaced, October kept.
    expect(await read()).toEqual([
      ['2026-10', 'u1', 'UTC', 0, 0n],
      ['2026-11', 'u1', 'Asia/Shanghai', 1, 12n],
      ['2026-11', 'u2', 'Asia/Shanghai', 1, 4n],
    ]);
  });

  it('turns a bad period, zone or database path into a UsageError', async () => {
    await expect(runFeatures(['--period', '2026-13', '--db', dbPath])).rejects.toThrow(UsageError);
    await expect(runFeatures(['--period', '2026-11', '--tz', 'Mars/Base', '--db', dbPath])).rejects.toThrow(/unknown time zone/);
    await expect(runFeatures(['--period', '2026-11', '--db', join(dir, 'missing.duckdb')])).rejects.toThrow(/no database at/);
  });

  it("clamps each user-day with the formula's daily caps (--formula), as commit does", async () => {
    const formula = JSON.parse(readFileSync('formula.json', 'utf8')) as { features: { km: { daily_cap: number } } };
    formula.features.km.daily_cap = 5;
    const capped = join(dir, 'formula-km-5.json');
    writeFileSync(capped, JSON.stringify(formula));
    expect(await runFeatures(['--period', '2026-11', '--db', dbPath, '--formula', capped])).toBe('features: period 2026-11, time zone UTC, 2 users\n');
    const db = await openDatabase(dbPath);
    try {
      // u1 drove 12.5 km on 11-05: 5 under this formula (60 under formula.json).
      expect((await db.connection.runAndReadAll(`SELECT km FROM features WHERE period = '2026-11' AND user_id = 'u1'`)).getRowsJS()).toEqual([[5n]]);
    } finally {
      db.close();
    }
  });
});
