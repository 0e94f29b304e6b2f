import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('stones run --redis with Redis unreachable', () => {
  it('says so in one line and exits 1 within seconds, before any stage runs', async () => {
    const started = Date.now();
    const run = runCli(
      ['run', '--redis', `redis://:hunter2@127.0.0.1:${await closedPort()}`, '--db', join(tempDir(), 's.duckdb'), '--out', join(tempDir(), 'out')],
      {
        env: { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key') },
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^stones: redis_unreachable: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: /);
    expect(run.stdout).not.toContain('rows read');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
