/**
 * The data of each job the nightly Job Scheduler adds to the `runs` queue: what a nightly run
 * needs to pick its files. Kept minimal on purpose; every field is stored in Redis in the
 * scheduler's job template and copied into each job.
 */
export interface NightlyRunData {
  /**
   * Usage files, directories or globs (as `stones ingest --input`), made absolute when the
   * schedule is upserted, so a worker started in another directory reads the same places.
   * The nightly run loads those not loaded yet (ingest recognises a file it already has by
   * its SHA-256) and runs the period they belong to.
   */
  inputs: string[];
}
