import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../pipeline/db/index.js';
import { DatabaseInUseError } from '../../../../pipeline/errors/index.js';
import { REPO_ROOT } from '../../../support/cli.js';
import { useTempDir } from '../../../support/temp-dir.js';

// Real processes around one database: a holder killed with SIGKILL (no exit handler runs), and
// takers of one stale lock started at the same instant. The children use the compiled lock
// module (the global setup builds dist/).

const tempDir = useTempDir('stones-lock-');
const WRITER_LOCK_MODULE = pathToFileURL(join(REPO_ROOT, 'dist/pipeline/db/writer-lock/index.js')).href;

interface Child {
  child: ChildProcess;
  lines: string[];
  waitFor: (pattern: RegExp) => Promise<string>;
}

/** A node child running `body` (an ES module) after `acquireWriterLock` is imported. */
function nodeChild(body: string): Child {
  const script = `const { acquireWriterLock } = await import(${JSON.stringify(WRITER_LOCK_MODULE)});\n${body}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    lines.push(...complete);
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} from the child; it printed: ${lines.join(' | ')}`)), 60_000);
      const check = (): void => {
        const line = lines.find((l) => pattern.test(l));
        if (line !== undefined) {
          clearTimeout(timer);
          resolve(line);
          return;
        }
        waiters.push(check);
      };
      check();
    });
  return { child, lines, waitFor };
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

describe('the writer lock between processes', () => {
  it('a live holder is named; once it is SIGKILLed its lock is stale and the next open takes it over', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const holder = nodeChild(`await acquireWriterLock(${JSON.stringify(db)}); console.log('held'); setInterval(() => {}, 1000);`);
    try {
      await holder.waitFor(/^held$/);
      const error = await openDatabase(db).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(DatabaseInUseError);
      expect((error as Error).message).toContain(`is in use by pid ${holder.child.pid} on host ${hostname()} (`);
    } finally {
      holder.child.kill('SIGKILL');
      await once(holder.child, 'exit');
    }
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: holder.child.pid }); // left behind

    const database = await openDatabase(db);
    try {
      expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    } finally {
      database.close();
    }
  });

  it("a process that has the file open in DuckDB without the lock (another program) is named from DuckDB's own refusal, and the lock is given back", async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const other = nodeChild(
      `const { DuckDBInstance } = await import('@duckdb/node-api'); await DuckDBInstance.create(${JSON.stringify(db)}); console.log('open'); setInterval(() => {}, 1000);`,
    );
    try {
      await other.waitFor(/^open$/);
      const error = await openDatabase(db).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(DatabaseInUseError);
      expect((error as Error).message).toMatch(
        new RegExp(`^\\S+stones\\.duckdb is open in another process: pid ${other.child.pid} on host \\S+ \\(.*node\\)$`),
      );
      expect(existsSync(`${db}.lock`)).toBe(false);
    } finally {
      other.child.kill('SIGKILL');
      await once(other.child, 'exit');
    }
  });

  it('takers of one stale lock started at the same instant: exactly one wins, the others are refused naming it', async () => {
    const TAKERS = 4;
    for (let round = 0; round < 4; round++) {
      const dir = join(tempDir(), `round-${round}`);
      mkdirSync(dir);
      const db = join(dir, 'stones.duckdb');
      const [go, done] = [join(dir, 'go'), join(dir, 'done')];
      writeFileSync(
        `${db}.lock`,
        JSON.stringify({ pid: deadPid(), hostname: hostname(), command: 'stones run', started_at: '2026-11-02T02:00:00.000Z', token: `stale-${round}` }),
      );
      // Each taker spins (1 ms naps) until the go file appears, so all of them try at once; the
      // winner keeps the lock until the done file appears, so no taker can come after a release.
      const body = `
        const { existsSync } = await import('node:fs');
        const nap = new Int32Array(new SharedArrayBuffer(4));
        console.log('ready');
        while (!existsSync(${JSON.stringify(go)})) Atomics.wait(nap, 0, 0, 1);
        try {
          const lock = await acquireWriterLock(${JSON.stringify(db)});
          console.log('won ' + process.pid);
          while (!existsSync(${JSON.stringify(done)})) await new Promise((resolve) => setTimeout(resolve, 20));
          lock.release();
        } catch (error) {
          console.log('refused ' + error.code + ': ' + error.message);
        }`;
      const takers = Array.from({ length: TAKERS }, () => nodeChild(body));
      try {
        await Promise.all(takers.map((t) => t.waitFor(/^ready$/)));
        writeFileSync(go, '');
        const outcomes = await Promise.all(takers.map((t) => t.waitFor(/^(won|refused) /)));
        const winners = outcomes.filter((line) => line.startsWith('won '));
        expect(winners, outcomes.join('\n')).toHaveLength(1);
        const winner = Number(winners[0]?.slice('won '.length));
        for (const line of outcomes.filter((l) => l.startsWith('refused ')))
          expect(line).toContain(`refused database_in_use: ${db} is in use by pid ${winner} on host `);
        expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: winner });
      } finally {
        writeFileSync(done, '');
        await Promise.all(takers.map((t) => (t.child.exitCode === null ? once(t.child, 'exit') : undefined)));
      }
    }
  }, 120_000);
});
