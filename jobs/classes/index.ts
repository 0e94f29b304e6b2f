export { NightlyScheduler, type CheckedNightlySchedule } from './nightly-scheduler.js';
export { RedisConnectionError } from './redis-connection-error.js';
