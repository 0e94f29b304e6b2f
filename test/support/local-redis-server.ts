import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A `redis-server` of our own on localhost, for tests and for `npm run bench -- jobs` (the
 * benchmarks import it from here; test/support never imports bench/).
 */
export interface LocalRedisServer {
  url: string;
  port: number;
  /** The server's working directory (its append-only file with `appendOnly`). */
  dir: string;
  /** Kills the server and waits for it to exit; removes `dir` only if it was created here. */
  stop(): Promise<void>;
}

export interface LocalRedisServerOptions {
  /** The port to listen on (default: a free one, retried if another process takes it first). */
  port?: number;
  /** The working directory (default: a new temporary one, removed by stop()). */
  dir?: string;
  /**
   * Persist every write (`--appendonly yes --appendfsync always`) in `dir`, so a server started
   * again on the same port and dir comes back with its data. Default: no persistence at all.
   */
  appendOnly?: boolean;
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

function serverArgs(port: number, dir: string, appendOnly: boolean): string[] {
  const persistence = appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--loglevel', 'warning'];
}

/**
 * Starts `redis-server` on localhost and waits until it answers PING. Without a port it picks
 * a free one, and tries another if a different process took it between the pick and the bind.
 */
export async function startLocalRedisServer(options: LocalRedisServerOptions = {}): Promise<LocalRedisServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'stones-redis-'));
  if (!ownDir) mkdirSync(dir, { recursive: true });
  const removeOwnDir = (): void => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  const attempts = options.port === undefined ? START_ATTEMPTS : 1;
  let lastLog = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn('redis-server', serverArgs(port, dir, options.appendOnly ?? false), { stdio: ['ignore', 'pipe', 'pipe'] });
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
          port,
          dir,
          stop: async () => {
            await stopProcess(child);
            removeOwnDir();
          },
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stopProcess(child);
    if (spawnError) {
      removeOwnDir();
      throw new Error(`cannot start redis-server (is it installed?): ${spawnError.message}`);
    }
    lastLog = log;
    // Another process took the port between freePort() and the bind: try another one.
    if (!/address already in use/i.test(log)) break;
  }
  removeOwnDir();
  throw new Error(`redis-server did not start${options.port === undefined ? '' : ` on port ${options.port}`}:\n${lastLog}`);
}

/** Deletes every key under `prefix:` (SCAN, not KEYS: the server may be shared). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
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
