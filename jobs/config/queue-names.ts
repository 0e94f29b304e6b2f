/**
 * Names the project's queues use in Redis. Every key BullMQ writes starts with the prefix
 * (`stones:<queue>:...`), so one Redis can hold several deployments (or test runs) side by
 * side when each has its own prefix. BullMQ refuses `:` in names and custom ids.
 */

/** The default key prefix of every queue of the project. */
export const DEFAULT_QUEUE_PREFIX = 'stones';

/** The project's queues. */
export const QUEUE_NAMES = {
  /** Whole runs of a period: the Job Scheduler adds the nightly run here. */
  runs: 'runs',
  /** One job per proof batch of a run: any `stones worker` proves it from the sealed witness input in its data. */
  prove: 'prove',
  /** The parent of a run's prove-batch jobs: the coordinator writes the proofs and verifies the bundle. */
  finalize: 'finalize',
  /**
   * The hand-off to the award engine: one job per published and verified run (data: the run id,
   * period, and the paths and SHA-256 of awards.arrow and awards.parquet). The award engine
   * consumes it with a BullMQ worker of its own; nothing of this project processes it.
   */
  awardsReady: 'awards-ready',
} as const;

/** The name of the jobs on the `awards-ready` queue. */
export const AWARDS_READY_JOB_NAME = 'awards-ready';

/** Job names of the run flow. */
export const FLOW_JOB_NAMES = {
  proveBatch: 'prove-batch',
  finalize: 'finalize',
} as const;

/**
 * The one Job Scheduler of the nightly run. Upserting with this fixed id updates the
 * existing scheduler instead of adding a second one.
 */
export const NIGHTLY_SCHEDULER_ID = 'nightly-run';

/** The name of the jobs the nightly scheduler adds to the `runs` queue. */
export const NIGHTLY_JOB_NAME = 'nightly-run';

const PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** True when `prefix` can be used as a queue key prefix (letters, digits, `_`, `.`, `-`; no `:`). */
export function isValidQueuePrefix(prefix: string): boolean {
  return PREFIX_PATTERN.test(prefix);
}
