import { z } from 'zod';
import { count, decimal, fieldElement } from './field-values.js';

/**
 * One row of awards.arrow / awards.parquet (the award engine's input), one per owner in batch
 * and leaf order. The files hold noisy_score, crystals_spent and entries as int64, award and
 * draw_wins as uint64; here, as in any
 * JSON rendering of a row, they are decimal strings, exact at any size (JSON numbers are not
 * above 2^53). The row has no schema_version column: the hand-off's award_row_schema_version
 * names these columns (awards-handoff.ts).
 */
export const awardRowSchema = z
  .object({
    run_id: z.string().min(1),
    period: z.string().min(1),
    user_id: z.string().min(1),
    user_tag: fieldElement,
    noisy_score: decimal,
    award: decimal,
    /** Crystals the owner spent on the period's draw, the entries they bought, and the stones won. */
    crystals_spent: decimal,
    entries: decimal,
    draw_wins: decimal,
    batch: count,
    leaf_index: count,
  })
  .strict();

export type AwardRow = z.infer<typeof awardRowSchema>;

/** The column names of the award files, in file order. */
export const AWARD_ROW_COLUMNS = Object.keys(awardRowSchema.shape) as (keyof AwardRow)[];
