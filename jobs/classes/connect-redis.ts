import { Redis } from 'ioredis';
import { workerConnectionOptions } from '../config/worker-connection-options.js';
import { RedisConnectionError } from './redis-connection-error.js';

/** How long connectRedis() waits for Redis before it gives up with a RedisConnectionError. */
const READY_DEADLINE_MS = 8_000;

/**
 * One ioredis connection for a long-running process's queues (they share it: `new Queue(name,
 * { connection })`), reconnecting forever once it is up. When Redis does not answer within the
 * deadline, or its first attempt fails (refused, unknown host, wrong password), the connection is dropped (no reconnect left to keep the process
 * alive) and a RedisConnectionError is thrown: one line, exit 1. Whoever gets the connection
 * ends it with `quit()` after closing the queues on it.
 */
export async function connectRedis(url: string, name: string, deadlineMs = READY_DEADLINE_MS): Promise<Redis> {
  const { url: _url, ...options } = workerConnectionOptions(url, name);
  const client = new Redis(url, { ...options, lazyConnect: true });
  let lastError: unknown;
  const keep = (error: unknown): void => {
    lastError = error;
  };
  client.on('error', keep);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        client.once('ready', () => resolve());
        // Refused, unknown host, bad password: say so now rather than retry until the deadline.
        client.once('error', reject);
      }),
      client
        .connect()
        .catch(keep)
        .then(() => new Promise<never>(() => undefined)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), deadlineMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    throw new RedisConnectionError(url, RedisConnectionError.reasonOf(lastError ?? error), { cause: lastError ?? error });
  } finally {
    clearTimeout(timer);
  }
  client.off('error', keep);
  return client;
}
