export {
  QUEUE_NAMES,
  NIGHTLY_SCHEDULER_ID,
  NIGHTLY_JOB_NAME,
  isValidQueuePrefix,
} from './queue-names.js';
export { redactRedisUrl } from './redact-redis-url.js';
export { resolveRedisUrl } from './resolve-redis-url.js';
export { parseCronPattern } from './parse-cron-pattern.js';
export { commandConnectionOptions } from './redis-connection-options.js';
export { finalizeJobId, proveBatchJobId } from './flow-job-ids.js';
export { workerConnectionOptions } from './worker-connection-options.js';
export { awardsReadyJobId } from './awards-ready-job-id.js';
export { resolveWitnessKeyPath, WITNESS_KEY_ENV, DEFAULT_WITNESS_KEY_FILE } from './resolve-witness-key-path.js';
export { redisTlsOptions } from './redis-tls-options.js';
