import { z } from 'zod';
import { sha256Hex } from './field-values.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

/** One award file of a published run: where it is and the SHA-256 of its bytes (lowercase hex). */
export const awardsFileSchema = z
  .object({
    /** Absolute path of the file. */
    path: z.string().min(1),
    sha256: sha256Hex,
  })
  .strict();

/**
 * What the award engine is handed when a run is published (the `awards-ready` job's data, and
 * the `awards-ready:` line of the embedded run): the run, its period and the award files with
 * their SHA-256, so the engine can check it reads the bytes that were published.
 *
 * Its schema_version also names the columns of the award files it points at (award-row.ts):
 * Arrow and Parquet carry no schema_version column, so the engine learns their layout here,
 * before it opens them.
 */
export const awardsHandoffSchema = z
  .object({
    schema_version: z.literal(SCHEMA_VERSIONS.awards_handoff),
    /** The version of the award files' columns (award-row.ts). */
    award_row_schema_version: z.literal(SCHEMA_VERSIONS.award_row),
    run_id: z.string().min(1),
    /** The period, `YYYY-MM`. */
    period: z.string().min(1),
    awards_arrow: awardsFileSchema,
    awards_parquet: awardsFileSchema,
    /** ISO 8601 time the award files were written. */
    published_at: z.string().min(1),
  })
  .strict();

export type AwardsFile = z.infer<typeof awardsFileSchema>;
export type AwardsHandoff = z.infer<typeof awardsHandoffSchema>;
