import { z } from 'zod';
import { decimal } from './field-values.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`), `0x and ${bytes * 2} lowercase hex digits`);

/** One transaction of the anchor, as its receipt gave it. */
const anchorTransactionSchema = z
  .object({
    tx: hex(32),
    block: z.number().int().nonnegative(),
    /** The block's time (UTC, ISO 8601). */
    block_time: z.string(),
    gas_used: decimal,
  })
  .strict();

/**
 * bundle/anchor.json: where the run is recorded on an EVM chain (written by `stones anchor`, from
 * the registry's events, so a re-run or a resumed anchor writes the same file). It is the
 * operator's pointer, not evidence: `stones verify --rpc` reads the record from the chain.
 */
export const anchorFileSchema = z
  .object({
    schema_version: z.literal(SCHEMA_VERSIONS.anchor),
    chain_id: z.number().int().positive(),
    /** The StonesRegistry contract holding the record. */
    registry: hex(20),
    run_id: z.string(),
    /** keccak256 of the run id: the registry's key. */
    run_key: hex(32),
    commit: anchorTransactionSchema,
    record: anchorTransactionSchema.nullable(),
    batch_count: z.number().int().positive(),
    /** The batches whose proof the registry verified, in batch order. */
    batches: z.array(anchorTransactionSchema.extend({ batch: z.number().int().nonnegative() }).strict()),
  })
  .strict();

export type AnchorFile = z.infer<typeof anchorFileSchema>;
export type AnchorTransaction = z.infer<typeof anchorTransactionSchema>;
