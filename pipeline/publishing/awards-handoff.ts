/** One award file of a published run: where it is and the SHA-256 of its bytes (lowercase hex). */
export interface AwardsFile {
  /** Absolute path of the file. */
  path: string;
  sha256: string;
}

/**
 * What the award engine is handed when a run is published (the `awards-ready` job's data, and
 * the `awards-ready:` line of the embedded run): the run, its period and the award files with
 * their SHA-256, so the engine can check it reads the bytes that were published.
 */
export interface AwardsHandoff {
  run_id: string;
  /** The period, `YYYY-MM`. */
  period: string;
  awards_arrow: AwardsFile;
  awards_parquet: AwardsFile;
  /** ISO 8601 time the award files were written. */
  published_at: string;
}
