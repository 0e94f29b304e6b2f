import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { featuresCommand } from '../../../pipeline/cli/commands/features-command.js';
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
    db.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a one-line summary, UTC by default', async () => {
    expect(await runFeatures(['--period', '2026-11', '--db', dbPath])).toBe('features: period 2026-11, time zone UTC, 1 user\n');
    expect(await runFeatures(['--period', '2026-11', '--tz', 'Asia/Shanghai', '--db', dbPath])).toBe(
      'features: period 2026-11, time zone Asia/Shanghai, 2 users\n',
    );
    const db = await openDatabase(dbPath);
    try {
      const reader = await db.connection.runAndReadAll(`SELECT user_id, time_zone, km FROM features ORDER BY user_id`);
      expect(reader.getRowsJS()).toEqual([
        ['u1', 'Asia/Shanghai', 12n],
        ['u2', 'Asia/Shanghai', 4n],
      ]);
    } finally {
      db.close();
    }
  });

  it('turns a bad period, zone or database path into a UsageError', async () => {
    await expect(runFeatures(['--period', '2026-13', '--db', dbPath])).rejects.toThrow(UsageError);
    await expect(runFeatures(['--period', '2026-11', '--tz', 'Mars/Base', '--db', dbPath])).rejects.toThrow(/unknown time zone/);
    await expect(runFeatures(['--period', '2026-11', '--db', join(dir, 'missing.duckdb')])).rejects.toThrow(/no database at/);
  });
});
