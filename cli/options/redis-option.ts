import { sharedOption, type SharedOption } from './shared-option.js';

export const REDIS_OPTION: SharedOption = { key: 'redis', flags: '--redis <url>', env: 'REDIS_URL' };

/** `--redis <url>` (env REDIS_URL, no default). */
export const redisOption = (description = 'redis://[:password@]host:port[/db] or rediss:// for TLS') => sharedOption(REDIS_OPTION, description);
