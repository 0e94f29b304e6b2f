import type { RedisOptions } from 'bullmq';
import { redisTlsOptions } from './redis-tls-options.js';

/**
 * ioredis options for long-running processes (`stones worker`, the coordinator following a
 * run): reconnect forever and never fail a blocking command (BullMQ requires
 * `maxRetriesPerRequest: null` for workers), so a Redis restart is waited out, not fatal.
 * TLS as the URL and REDIS_TLS_CA say (redis-tls-options.ts).
 */
export function workerConnectionOptions(url: string, name = 'stones-worker'): RedisOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => Math.min(attempt * 250, 5_000),
    connectionName: name,
    ...redisTlsOptions(url),
  };
}
