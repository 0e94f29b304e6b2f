import type { RedisOptions } from 'bullmq';
import { redisTlsOptions } from './redis-tls-options.js';

/** How long a command waits for one TCP connection (and TLS handshake) to Redis. */
const COMMAND_CONNECT_TIMEOUT_MS = 2_000;
/** How many times a command tries to connect before giving up (so at most ~4.5 s). */
const COMMAND_CONNECT_ATTEMPTS = 2;

/**
 * ioredis options for a short-lived command (`stones schedule`): it fails fast when Redis
 * cannot be reached instead of retrying forever, so the user gets one line and an exit code.
 * Long-running workers need the opposite (reconnect forever, `maxRetriesPerRequest: null`)
 * and will get their own options.
 */
export function commandConnectionOptions(url: string): RedisOptions {
  return {
    url,
    connectTimeout: COMMAND_CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => (attempt >= COMMAND_CONNECT_ATTEMPTS ? null : 250),
    // Never reconnect on its own after an error reply (ioredis reconnects on READONLY only if asked).
    reconnectOnError: () => false,
    // ioredis waits this long for a socket to close on disconnect, even one that already
    // failed to connect: with its default (2 s) a refused connection kept the process alive.
    disconnectTimeout: 200,
    connectionName: 'stones-cli',
    ...redisTlsOptions(url),
  };
}
