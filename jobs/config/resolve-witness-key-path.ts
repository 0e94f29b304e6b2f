import { UsageError } from '../../pipeline/errors/index.js';

/** The environment variable naming the witness key FILE (as --witness-key does). */
export const WITNESS_KEY_ENV = 'STONES_WITNESS_KEY';
/** Where the coordinator creates the witness key on first use, and where a worker looks by default (next to the pepper). */
export const DEFAULT_WITNESS_KEY_FILE = '.stones/witness.key';

/** 32 bytes as hex or base64: what a key looks like, as opposed to a path. */
const LOOKS_LIKE_A_KEY = /^(?:(?:0x)?[0-9a-f]{64}|[A-Za-z0-9+/_-]{43}=?)$/i;

export interface WitnessKeyPathSources {
  /** The `--witness-key FILE` option, if given; it wins over the environment. */
  option?: string | undefined;
  /** The environment to read STONES_WITNESS_KEY from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The witness key file of a coordinator or a worker: `--witness-key FILE`, else
 * STONES_WITNESS_KEY, else `.stones/witness.key`. A value that looks like a key rather than a
 * path is refused without being echoed: it would otherwise end up in messages, and a worker's
 * messages are kept in Redis with its failed jobs.
 */
export function resolveWitnessKeyPath({ option, env = process.env }: WitnessKeyPathSources): string {
  const fromOption = option?.trim();
  const fromEnv = env[WITNESS_KEY_ENV]?.trim();
  const path = fromOption || fromEnv;
  if (!path) return DEFAULT_WITNESS_KEY_FILE;
  if (LOOKS_LIKE_A_KEY.test(path)) {
    throw new UsageError(
      `${fromOption ? '--witness-key' : WITNESS_KEY_ENV} names the witness key FILE, not the key itself; put the key in a file with mode 0600`,
    );
  }
  return path;
}
