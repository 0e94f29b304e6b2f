export {
  DEFAULT_QUEUE_PREFIX,
  QUEUE_NAMES,
  NIGHTLY_SCHEDULER_ID,
  NIGHTLY_JOB_NAME,
  FLOW_JOB_NAMES,
  AWARDS_READY_JOB_NAME,
  isValidQueuePrefix,
  type QueueName,
} from './queue-names.js';
export { redactRedisUrl } from './redact-redis-url.js';
export { resolveRedisUrl, type RedisUrlSources } from './resolve-redis-url.js';
export { parseCronPattern } from './parse-cron-pattern.js';
export { commandConnectionOptions, COMMAND_CONNECT_TIMEOUT_MS, COMMAND_CONNECT_ATTEMPTS } from './redis-connection-options.js';
export { finalizeJobId, proveBatchJobId, batchOfProveJobId } from './flow-job-ids.js';
export { workerConnectionOptions } from './worker-connection-options.js';
export { awardsReadyJobId } from './awards-ready-job-id.js';
export { resolveWitnessKeyPath, WITNESS_KEY_ENV, DEFAULT_WITNESS_KEY_FILE, type WitnessKeyPathSources } from './resolve-witness-key-path.js';
export { redisTlsOptions, REDIS_TLS_CA_ENV } from './redis-tls-options.js';
