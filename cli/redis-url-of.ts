// The CLI is the composition root: the only part of pipeline/ that may import jobs/.
import { isValidQueuePrefix } from '../jobs/index.js';
import { UsageError } from '../pipeline/errors/index.js';

/**
 * The Redis of `stones run` (and --resume): `--redis`, else REDIS_URL, when proving; undefined
 * means embedded (a run with --no-prove has nothing to hand to workers).
 */
export function redisUrlOf(options: { redis?: string; prove: boolean; prefix: string }): string | undefined {
  const url = (options.redis ?? process.env.REDIS_URL)?.trim() || undefined;
  if (url === undefined || !options.prove) return undefined;
  if (!isValidQueuePrefix(options.prefix)) {
    throw new UsageError(`the queue prefix must be 1 to 64 letters, digits, "_", "." or "-" (no ":"), got "${options.prefix}"`);
  }
  return url;
}
