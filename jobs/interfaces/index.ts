export type { JobsConnection } from './jobs-connection.js';
export type { NightlyRunData } from './nightly-run-data.js';
export type { NightlySchedule, NightlyScheduleOptions } from './nightly-schedule.js';
