export { NightlyScheduler, type CheckedNightlySchedule } from './nightly-scheduler.js';
export { RedisConnectionError } from './redis-connection-error.js';
export { RunFlow, PROVE_ATTEMPTS, type FollowOptions } from './run-flow.js';
export { ProveBatchWorker, DEFAULT_LOCK_DURATION_MS, type ProveBatchWorkerOptions } from './prove-batch-worker.js';
export { FinalizeWorker, type FinalizeStep, type ProvedBatch } from './finalize-worker.js';
export { JobFailedError } from './job-failed-error.js';
export { AwardsReadyPublisher, AWARDS_READY_ATTEMPTS } from './awards-ready-publisher.js';
export { QueuesDashboard, type QueuesDashboardOptions } from './queues-dashboard.js';
export { NightlyRunWorker, type NightlyRunContext, type NightlyRunStep } from './nightly-run-worker.js';
