import { UsageError } from '../../pipeline/errors/index.js';
import { redactRedisUrl } from './redact-redis-url.js';

const REDIS_PROTOCOLS = new Set(['redis:', 'rediss:']);

export interface RedisUrlSources {
  /** The `--redis URL` option, if given; it wins over the environment. */
  option?: string | undefined;
  /** The environment to read `REDIS_URL` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The Redis URL of a command that needs Redis: `--redis URL`, else `REDIS_URL`. A UsageError
 * (exit 2) when neither is given or the URL is not `redis://` or `rediss://` (TLS); the
 * message never shows a password.
 */
export function resolveRedisUrl({ option, env = process.env }: RedisUrlSources): string {
  const fromOption = option?.trim();
  const fromEnv = env.REDIS_URL?.trim();
  const url = fromOption || fromEnv;
  const source = fromOption ? '--redis' : 'REDIS_URL';
  if (!url) throw new UsageError('this command needs Redis: pass --redis redis://HOST:PORT or set REDIS_URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${source} must be a URL like redis://HOST:PORT or rediss://HOST:PORT (TLS)`);
  }
  if (!REDIS_PROTOCOLS.has(parsed.protocol) || parsed.hostname === '') {
    throw new UsageError(`${source} must be a URL like redis://HOST:PORT or rediss://HOST:PORT (TLS), got ${redactRedisUrl(url)}`);
  }
  return url;
}
