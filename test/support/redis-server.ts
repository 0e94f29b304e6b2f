import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** A Redis for tests: `REDIS_URL` if set, else a `redis-server` of our own on a free port. */
export interface TestRedis {
  url: string;
  /** A queue prefix of this test run alone, so a shared REDIS_URL is safe. */
  prefix: string;
  /** Stops the server we started (kill, then wait for it), or deletes our keys from a shared one. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 5;
const READY_DEADLINE_MS = 10_000;

/** A TCP port nothing listens on right now: bind port 0, read the port, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** A queue prefix unique to this process and call: `stones-test-<pid>-<hex>`. */
export function uniquePrefix(): string {
  return `stones-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** True once `PING` on host:port is answered with `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts `redis-server` on a free port (no persistence) and waits until it answers PING. */
async function startRedisServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'stones-redis-'));
  let lastLog = '';
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError = error));
    const deadline = Date.now() + READY_DEADLINE_MS;
    while (Date.now() < deadline && child.exitCode === null && spawnError === undefined) {
      if (await ping(port)) {
        return {
          url: `redis://127.0.0.1:${port}`,
          stop: async () => {
            await stopProcess(child);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stopProcess(child);
    if (spawnError) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`cannot start redis-server (is it installed?): ${spawnError.message}`);
    }
    lastLog = log;
    // Another process took the port between freePort() and the bind: try another one.
    if (!/address already in use/i.test(log)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start:\n${lastLog}`);
}

/** Deletes every key under `prefix:` (SCAN, not KEYS: the server may be shared). */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** The Redis of this test run; see TestRedis. */
export async function startTestRedis(): Promise<TestRedis> {
  const prefix = uniquePrefix();
  const shared = process.env['REDIS_URL']?.trim();
  if (shared) return { url: shared, prefix, stop: () => deleteKeys(shared, prefix) };
  const server = await startRedisServer();
  return { url: server.url, prefix, stop: server.stop };
}

/** beforeAll starts (or finds) Redis, afterAll stops it; call the result inside tests. */
export function useTestRedis(): () => TestRedis {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return () => {
    if (!redis) throw new Error('useTestRedis(): Redis is only there inside tests (after beforeAll)');
    return redis;
  };
}
