import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { deleteRedisKeys, freePort, startLocalRedisServer } from './local-redis-server.js';

export { freePort };

/** A Redis for tests: `REDIS_URL` if set, else a `redis-server` of our own on a free port. */
export interface TestRedis {
  url: string;
  /** A queue prefix of this test run alone, so a shared REDIS_URL is safe. */
  prefix: string;
  /** Stops the server we started (kill, then wait for it), or deletes our keys from a shared one. */
  stop(): Promise<void>;
}

/** A queue prefix unique to this process and call: `stones-test-<pid>-<hex>`. */
export function uniquePrefix(): string {
  return `stones-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The Redis of this test run; see TestRedis. */
async function startTestRedis(): Promise<TestRedis> {
  const prefix = uniquePrefix();
  const shared = process.env.REDIS_URL?.trim();
  if (shared) return { url: shared, prefix, stop: () => deleteRedisKeys(shared, prefix) };
  const server = await startLocalRedisServer();
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
