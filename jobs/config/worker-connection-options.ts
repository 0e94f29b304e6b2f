import type { RedisOptions } from 'bullmq';

/**
 * ioredis options for long-running processes (`stones worker`, the coordinator following a
 * run): reconnect forever and never fail a blocking command (BullMQ requires
 * `maxRetriesPerRequest: null` for workers), so a Redis restart is waited out, not fatal.
 */
export function workerConnectionOptions(url: string, name = 'stones-worker'): RedisOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => Math.min(attempt * 250, 5_000),
    connectionName: name,
  };
}
