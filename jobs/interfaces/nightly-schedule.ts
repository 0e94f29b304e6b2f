import type { NightlyRunData } from './nightly-run-data.js';

/** What `upsertNightlySchedule` is given. */
export interface NightlyScheduleOptions {
  /** A cron pattern of 5 fields (or 6 with seconds first), read in `tz`: `0 2 * * *`. */
  cron: string;
  /** The IANA time zone the cron pattern is read in: `Asia/Shanghai`. */
  tz: string;
  /** Files, directories or globs each nightly run picks new files from (see NightlyRunData). */
  inputs: string[];
}

/** A Job Scheduler of the `runs` queue, as `listSchedules` returns it. */
export interface NightlySchedule {
  /** The scheduler id (`nightly-run` for the one `stones schedule` manages). */
  id: string;
  /** The cron pattern, or undefined for a scheduler set with a fixed interval. */
  cron: string | undefined;
  /** The time zone of the pattern, as stored. */
  tz: string | undefined;
  /** When the scheduler adds its next job, if it has one. */
  next: Date | undefined;
  /** The data each job gets, from the scheduler's template. */
  data: NightlyRunData | undefined;
}
