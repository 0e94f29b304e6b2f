import { z } from 'zod';
import { count } from './field-values.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

// As loose as `stones verify-receipt` has always been: the receipt's fields are checked by
// recomputing them (a wrong value fails there), so the schema only fixes their shape.
const hex = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'a 0x-hex field element');
const digits = z.string().regex(/^\d+$/, 'a decimal integer');

/** The seven features, in the data leaf's order (pipeline/scoring FEATURE_NAMES; a test compares them). */
export const RECEIPT_FEATURE_NAMES = ['active_days', 'trips', 'km', 'adas_km', 'night_km', 'distinct_regions', 'tenure_days'] as const;

/** A Merkle path as published: sibling hashes as 0x-hex field elements. */
export const merklePathJsonSchema = z.object({
  index: count,
  levels: z.array(z.object({ position: count, siblings: z.array(hex) })),
});

/**
 * One line of receipts.jsonl, what one owner receives privately: enough to recompute their
 * score, noise and award and to check both were committed in the public roots. Integers are
 * decimal strings (exact at any size), field elements 0x-hex.
 */
export const receiptSchema = z.object({
  schema_version: z.literal(SCHEMA_VERSIONS.receipt),
  run_id: z.string(),
  period: z.string(),
  user_tag: hex,
  salt: hex,
  features: z.object(Object.fromEntries(RECEIPT_FEATURE_NAMES.map((f) => [f, digits])) as Record<(typeof RECEIPT_FEATURE_NAMES)[number], typeof digits>),
  score: digits,
  noisy_score: digits,
  award: digits,
  /**
   * The draw: crystals the owner spent on the period's draw, the entries they bought (packed in
   * the data leaf), the draw count c at the end of the owner's weight interval, and the stones
   * won (in the award leaf). Where the owner's interval starts is not here: it is a partial sum
   * of other owners' entries.
   */
  crystals_spent: digits,
  entries: digits,
  draw_count: digits,
  draw_wins: digits,
  batch: count,
  leaf: count,
  /** From the data leaf to the data root of its batch (manifest.batches[batch].data_root). */
  data_path: merklePathJsonSchema,
});

export type Receipt = z.infer<typeof receiptSchema>;
export type MerklePathJson = z.infer<typeof merklePathJsonSchema>;
