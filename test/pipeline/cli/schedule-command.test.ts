import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

/** A TCP server that only counts connections: the CLI must not open one for a usage error. */
let server: Server;
let connections = 0;
let url: string;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `redis://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
});

function expectUsageError(args: string[], pattern: RegExp): void {
  const result = runCli(['schedule', ...args], { env: { REDIS_URL: url } });
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('stones schedule, usage errors (no Redis touched)', { timeout: 90_000 }, () => {
  it('has --help', () => {
    const result = runCli(['schedule', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: stones schedule');
    expect(result.stdout).toMatch(/add \[options\][\s\S]*list \[options\][\s\S]*remove \[options\]/);
    const add = runCli(['schedule', 'add', '--help']);
    expect(add.stdout).toContain('--cron');
    expect(add.stdout).toContain('(env: REDIS_URL)');
  });

  it('checks the cron pattern, the time zone and the options before connecting', async () => {
    // One spawn per kind of mistake (each costs a CLI start-up); the patterns themselves are
    // covered in-process by test/jobs/config/parse-cron-pattern.test.ts.
    expectUsageError(['add', '--cron', '0 2 * *', '--tz', 'Asia/Shanghai'], /^stones: usage: --cron must have 5 fields/);
    expectUsageError(['add', '--cron', '61 2 * * *'], /^stones: usage: --cron "61 2 \* \* \*" is not a valid cron pattern: .*59/);
    expectUsageError(['add', '--cron', '0 2 * * *', '--tz', 'Mars/Olympus_Mons'], /^stones: usage: unknown time zone "Mars\/Olympus_Mons"/);
    expectUsageError(['remove', '--tz', 'UTC'], /^stones: usage: unknown option '--tz'/);
    expectUsageError(['add'], /^stones: usage: required option '--cron <pattern>' not specified/);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let any pending accept() run
    expect(connections).toBe(0);
  });

  it('needs --redis or REDIS_URL', () => {
    const result = runCli(['schedule', 'list'], { env: { REDIS_URL: '' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('stones: usage: this command needs Redis: pass --redis redis://HOST:PORT or set REDIS_URL\n');
  });
});
