// The queue names alone, not jobs/index.js: BullMQ loads only when a job command runs.
import { DEFAULT_QUEUE_PREFIX } from '../../jobs/config/queue-names.js';
import { sharedOption, type SharedOption } from './shared-option.js';

export const PREFIX_OPTION: SharedOption = { key: 'prefix', flags: '--prefix <name>', env: 'STONES_PREFIX', defaultValue: DEFAULT_QUEUE_PREFIX };

/** `--prefix <name>` (env STONES_PREFIX, default stones). */
export const prefixOption = (description = 'key prefix of the queues in Redis, one per deployment sharing a Redis') => sharedOption(PREFIX_OPTION, description);
