import { z } from 'zod';
import { count, decimalBelow, FORMAT_BIT_WIDTHS, fieldElement } from './field-values.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

/**
 * One line of bundle/awards.jsonl: an owner's award leaf, by tag. Each line carries its own
 * schema_version so a line read alone (grep, a stream, a split file) still says its format.
 */
export const awardsLineSchema = z
  .object({
    schema_version: z.literal(SCHEMA_VERSIONS.awards_line),
    user_tag: fieldElement,
    noisy_score: decimalBelow(FORMAT_BIT_WIDTHS.score),
    award: decimalBelow(FORMAT_BIT_WIDTHS.pool),
    /** Stones the owner won in the period's draw (in the award leaf; the entries behind it stay private). */
    draw_wins: decimalBelow(FORMAT_BIT_WIDTHS.draw_stones),
    batch: count,
    leaf: count,
  })
  .strict();

export type AwardsLine = z.infer<typeof awardsLineSchema>;
