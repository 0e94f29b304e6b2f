import { StonesError } from '../../pipeline/errors/index.js';
import { redactRedisUrl } from '../config/redact-redis-url.js';

/** Error codes (ioredis, Node's net and dns) that mean Redis could not be reached or refused us. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const CONNECTION_MESSAGES =
  /Connection is closed|connect ETIMEDOUT|Reached the max retries per request|Stream isn't writeable|NOAUTH|WRONGPASS|invalid password|ERR AUTH|ECONNREFUSED/i;

/**
 * Redis could not be reached, refused the connection or the credentials, or dropped the
 * connection while a command was talking to it. One line on stderr, exit 1; the URL in the
 * message has its password replaced by `***`.
 */
export class RedisConnectionError extends StonesError {
  readonly code = 'redis_unreachable';

  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot use Redis at ${redactRedisUrl(url)}: ${reason} (check --redis or REDIS_URL, and that redis-server is running)`, options);
  }

  /** True when `error` is a connection failure rather than a bug or a Redis error reply. */
  static isConnectionFailure(error: unknown): boolean {
    if (!(error instanceof Error)) return false;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && CONNECTION_CODES.has(code)) return true;
    if (error.name === 'MaxRetriesPerRequestError') return true;
    if (CONNECTION_MESSAGES.test(error.message)) return true;
    // AggregateError of a host with several addresses (IPv4 and IPv6), each refused.
    if (error instanceof AggregateError) return error.errors.some((inner) => RedisConnectionError.isConnectionFailure(inner));
    return false;
  }

  /** The short reason of a connection failure, for the one line: `ECONNREFUSED`, `WRONGPASS ...`. */
  static reasonOf(error: unknown): string {
    if (!(error instanceof Error)) return String(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
    if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(error.message)) return 'connection timed out';
    if (/^Protocol error/.test(error.message)) return 'the server there does not speak the Redis protocol';
    if (error instanceof AggregateError && error.errors[0] !== undefined) return RedisConnectionError.reasonOf(error.errors[0]);
    const firstLine = error.message.split('\n')[0] ?? '';
    return code !== undefined && !firstLine.includes(code) ? `${firstLine} (${code})` : firstLine;
  }
}
