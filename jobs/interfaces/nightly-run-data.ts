/**
 * The data of each job the nightly Job Scheduler adds to the `runs` queue: what a nightly run
 * needs to pick its files. Kept minimal on purpose; `inputs` and `timeZone` are stored in Redis
 * in the scheduler's job template and copied into each job.
 */
export interface NightlyRunData {
  /**
   * Usage files, directories or globs (as `stones ingest --input`), made absolute when the
   * schedule is upserted, so a worker started in another directory reads the same places.
   * The nightly run loads those not loaded yet (ingest recognises a file it already has by
   * its SHA-256) and runs the period they belong to.
   */
  inputs: string[];
  /** The IANA zone of the period calendar: the schedule's own zone (a Shanghai fleet's month is Shanghai's). */
  timeZone: string;
  /**
   * Set by the coordinator once new files are loaded: the period they belong to. A retry
   * whose job has it (the coordinator died before the commit) runs that period again, where
   * looking for new files would find none.
   */
  periodId?: string;
  /**
   * Set by the coordinator once the job's run is committed: a retry of the job (the
   * coordinator died or handed the job back, or a stage failed) resumes that run.
   */
  runId?: string;
}

/** What a nightly job returns (kept in Redis with the finished job, for the dashboard). */
export type NightlyRunResult =
  | { status: 'nothing-new'; files: number }
  | { status: 'open'; period: string; closesAt: string }
  | { status: 'ran' | 'resumed'; runId: string; period: string; verified: boolean; handedOff: boolean };

/** What a nightly job writes into its own data as the run goes (see NightlyRunData). */
export type NightlyRunProgress = Partial<Pick<NightlyRunData, 'periodId' | 'runId'>>;
