import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireWriterLock } from '../../../../pipeline/db/index.js';
import { DatabaseInUseError } from '../../../../pipeline/errors/index.js';
import { commandLineOfThisProcess } from '../../../../pipeline/db/writer-lock/command-line-of-this-process.js';
import type { LockRecord } from '../../../../pipeline/db/writer-lock/lock-record.js';
import { removeStaleLockFile, takeLockFile } from '../../../../pipeline/db/writer-lock/take-lock-file.js';
import { useTempDir } from '../../../support/temp-dir.js';

const tempDir = useTempDir('stones-lock-');
const nobodyHere = (): boolean => false;

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

function record(pid: number, token: string): LockRecord {
  return { pid, hostname: hostname(), command: 'stones run', started_at: '2026-11-02T02:00:00.000Z', token };
}

function write(path: string, holder: LockRecord): void {
  writeFileSync(path, JSON.stringify(holder));
}

function tokenIn(path: string): string {
  return (JSON.parse(readFileSync(path, 'utf8')) as LockRecord).token;
}

// Two processes that judge the same lock stale must not both end up holding it. These tests
// play the interleavings the exclusive "right to break" (<lock>.break-<token>) is there for.
describe('taking over a stale lock', () => {
  it('a taker late with its removal leaves alone the lock another taker made in the meantime', () => {
    const lock = join(tempDir(), 'stones.duckdb.lock');
    const stale = record(deadPid(), 'stale');
    write(lock, stale);
    // B was quicker: it removed the stale lock and took its own (a live process: our parent).
    write(lock, record(process.ppid, 'b-holds-it'));
    // A acts on what it read before.
    removeStaleLockFile(lock, stale, nobodyHere);
    expect(tokenIn(lock)).toBe('b-holds-it');
    expect(takeLockFile(lock, nobodyHere)).toMatchObject({ status: 'held', verdict: 'live', holder: { token: 'b-holds-it' } });
    expect(readdirSync(tempDir())).toEqual(['stones.duckdb.lock']);
  });

  it('removes nothing while another live taker holds the right to break that lock', () => {
    const lock = join(tempDir(), 'stones.duckdb.lock');
    const stale = record(deadPid(), 'stale');
    write(lock, stale);
    write(`${lock}.break-stale`, record(process.ppid, 'breaking-it'));
    removeStaleLockFile(lock, stale, nobodyHere);
    expect(tokenIn(lock)).toBe('stale');
    expect(takeLockFile(lock, nobodyHere)).toEqual({ status: 'contended', holder: stale });
    expect(tokenIn(`${lock}.break-stale`)).toBe('breaking-it');
  });

  it('breaks a right to break left by a taker that died, then the stale lock, then takes it', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    write(`${db}.lock`, record(deadPid(), 'stale'));
    write(`${db}.lock.break-stale`, record(deadPid(), 'died-breaking-it'));
    const lock = await acquireWriterLock(db);
    try {
      expect(lock.record.pid).toBe(process.pid);
      expect(tokenIn(`${db}.lock`)).toBe(lock.record.token);
      expect(readdirSync(tempDir())).toEqual(['stones.duckdb.lock']); // no break file, no temporary file left
    } finally {
      lock.release();
    }
  });

  it('two takers of one stale lock in one process: exactly one wins, the other is refused naming it', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    write(`${db}.lock`, record(deadPid(), 'stale'));
    const outcomes = await Promise.allSettled([acquireWriterLock(db), acquireWriterLock(db), acquireWriterLock(db)]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const error of refused) expect(error).toBeInstanceOf(DatabaseInUseError);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireWriterLock>>>).value;
    expect(tokenIn(`${db}.lock`)).toBe(winner.record.token);
    winner.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });
});

describe('the command a lock names', () => {
  it('is the stones command line on one line, without URL passwords', () => {
    expect(
      commandLineOfThisProcess(['/usr/bin/node', '/srv/stones/dist/cli/main.js', 'worker', '--coordinator', '--redis', 'rediss://default:s3cret@redis:6380/0']),
    ).toBe('stones worker --coordinator --redis rediss://***@redis:6380/0');
    expect(commandLineOfThisProcess(['/usr/bin/node', '/srv/bench.js', '--beacon-command', 'echo\n0xbeac0'])).toBe('bench.js --beacon-command echo 0xbeac0');
    expect(commandLineOfThisProcess(['node', 'x.js', 'a'.repeat(400)])).toHaveLength(300);
  });
});
