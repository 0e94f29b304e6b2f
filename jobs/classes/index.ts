export { NightlyScheduler, type CheckedNightlySchedule } from './nightly-scheduler.js';
export { RedisConnectionError } from './redis-connection-error.js';
export { RunFlow, PROVE_ATTEMPTS, type FollowEvents } from './run-flow.js';
export { ProveBatchWorker, type ProveBatchWorkerOptions } from './prove-batch-worker.js';
export { FinalizeWorker, type FinalizeStep } from './finalize-worker.js';
export { AwardsReadyPublisher, AWARDS_READY_ATTEMPTS } from './awards-ready-publisher.js';
export { QueuesDashboard, type QueuesDashboardOptions } from './queues-dashboard.js';
