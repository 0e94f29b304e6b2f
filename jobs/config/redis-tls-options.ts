import { readFileSync } from 'node:fs';
import type { RedisOptions } from 'bullmq';
import { ConfigError, UsageError } from '../../pipeline/errors/index.js';

/** The environment variable naming a PEM file of the CA(s) a `rediss://` Redis's certificate is checked against. */
const REDIS_TLS_CA_ENV = 'REDIS_TLS_CA';

/**
 * The TLS settings of a connection to `url`. The URL decides whether there is TLS at all
 * (`rediss://`, checked against the system's CAs); REDIS_TLS_CA=FILE adds the CA(s) of a
 * private or self-signed Redis certificate. Every process (coordinator, workers, commands)
 * reads the same variable, so one setting covers a deployment. A CA given with a `redis://` URL
 * is refused: whoever set it expects TLS, and the URL would quietly send everything in clear.
 */
export function redisTlsOptions(url: string, env: NodeJS.ProcessEnv = process.env): Pick<RedisOptions, 'tls'> {
  const caFile = env[REDIS_TLS_CA_ENV]?.trim();
  if (!caFile) return {};
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return {}; // resolveRedisUrl reports an unusable URL
  }
  if (protocol !== 'rediss:') throw new UsageError(`${REDIS_TLS_CA_ENV} is set but the Redis URL is redis:// (no TLS): use rediss://HOST:PORT`);
  try {
    return { tls: { ca: readFileSync(caFile) } };
  } catch (error) {
    throw new ConfigError(`${REDIS_TLS_CA_ENV}: cannot read the CA file ${caFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
}
