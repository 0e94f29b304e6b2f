import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireWriterLock, openDatabase, writerLockPathOf } from '../../../pipeline/db/index.js';
import { DatabaseInUseError } from '../../../pipeline/errors/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('stones-lock-');

/** The pid of a process of this host that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

function writeLock(databasePath: string, holder: { pid: number; hostname: string; command?: string; started_at?: string; token?: string }): string {
  const lockPath = writerLockPathOf(databasePath);
  writeFileSync(lockPath, JSON.stringify({ command: 'stones run', started_at: '2026-11-02T02:00:00.000Z', token: 'an-earlier-token', ...holder }));
  return lockPath;
}

function readLock(databasePath: string): Record<string, unknown> {
  return JSON.parse(readFileSync(writerLockPathOf(databasePath), 'utf8')) as Record<string, unknown>;
}

async function refusal(promise: Promise<unknown>): Promise<DatabaseInUseError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DatabaseInUseError);
  return error as DatabaseInUseError;
}

describe('the writer lock of openDatabase', () => {
  it('is a lock file next to the database naming this process, removed on close', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const database = await openDatabase(db);
    try {
      expect(writerLockPathOf(db)).toBe(`${db}.lock`);
      expect(readLock(db)).toMatchObject({
        pid: process.pid,
        hostname: hostname(),
        command: expect.any(String),
        started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    } finally {
      database.close();
    }
    expect(existsSync(`${db}.lock`)).toBe(false);
    database.close(); // twice: nothing more
  });

  it('refuses a second open of the database with database_in_use, naming the holder: pid, host, command, since when', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const first = await openDatabase(db);
    try {
      const error = await refusal(openDatabase(db));
      expect(error.code).toBe('database_in_use');
      expect(error.message).not.toContain('\n');
      expect(error.message).toContain(`${db} is in use by pid ${process.pid} on host ${hostname()} (`);
      expect(error.message).toContain(`since ${readLock(db).started_at}`);
      expect(error.holder).toMatchObject({ pid: process.pid, hostname: hostname() });
      // Another spelling of the same file meets the same lock.
      const link = join(tempDir(), 'link.duckdb');
      symlinkSync(db, link);
      await refusal(openDatabase(link));
      await refusal(openDatabase(join(tempDir(), '.', 'stones.duckdb')));
    } finally {
      first.close();
    }
    const again = await openDatabase(db);
    again.close();
  });

  it('takes over a lock left by a process of this host that is gone', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const pid = deadPid();
    writeLock(db, { pid, hostname: hostname() });
    const database = await openDatabase(db);
    try {
      expect(readLock(db)).toMatchObject({ pid: process.pid, hostname: hostname() });
      expect(readLock(db).token).not.toBe('an-earlier-token');
    } finally {
      database.close();
    }
  });

  it('takes over a lock naming our own pid that this process never took (a restarted container reuses its pid)', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    writeLock(db, { pid: process.pid, hostname: hostname() });
    const database = await openDatabase(db);
    try {
      expect(readLock(db).token).not.toBe('an-earlier-token');
    } finally {
      database.close();
    }
  });

  it('refuses a lock of another host, whose process cannot be checked from here, and says how to remove it', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const lockPath = writeLock(db, { pid: deadPid(), hostname: 'elsewhere.example', command: 'stones worker --coordinator' });
    const before = readFileSync(lockPath, 'utf8');
    const error = await refusal(openDatabase(db));
    expect(error.message).toMatch(/ is in use by pid \d+ on host elsewhere\.example \(stones worker --coordinator\) since 2026-11-02T02:00:00\.000Z; /);
    expect(error.message).toContain(`if it does not, delete ${lockPath}`);
    expect(error.message).not.toContain('\n');
    expect(readFileSync(lockPath, 'utf8')).toBe(before);
    expect(existsSync(db)).toBe(false); // refused before DuckDB created anything
  });

  it('refuses a lock file that names no holder', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    writeFileSync(`${db}.lock`, 'not a lock');
    const error = await refusal(openDatabase(db));
    expect(error.message).toBe(`${db} is locked by ${db}.lock, which names no holder: if no stones process is using the database, delete it`);
  }, 10_000);

  it('lets a reader open the database read-only while another holds the lock with the file closed (a coordinator between jobs)', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    (await openDatabase(db)).close();
    const lock = await acquireWriterLock(db);
    try {
      await refusal(openDatabase(db));
      const reader = await openDatabase(db, { whenInUse: 'read-only' });
      try {
        expect((await reader.connection.runAndReadAll('SELECT count(*) FROM runs')).getRows()).toEqual([[0n]]);
        await expect(reader.connection.run('DELETE FROM runs')).rejects.toThrow(/read-only/);
      } finally {
        reader.close();
      }
      expect(readLock(db).token).toBe(lock.record.token);
    } finally {
      lock.release();
    }
  });

  it('opens under a lock the caller holds, and leaves it held on close (the coordinator, job after job)', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const lock = await acquireWriterLock(db);
    try {
      for (let job = 0; job < 2; job++) {
        const database = await openDatabase(db, { heldLock: lock });
        database.close();
        expect(readLock(db).token).toBe(lock.record.token);
      }
    } finally {
      lock.release();
    }
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('takes no lock for an in-memory database', async () => {
    const [a, b] = [await openDatabase(':memory:'), await openDatabase(':memory:')];
    a.close();
    b.close();
  });
});
