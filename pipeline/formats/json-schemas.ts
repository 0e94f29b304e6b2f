import { z } from 'zod';
import { anchorFileSchema } from './anchor-file.js';
import { awardRowSchema } from './award-row.js';
import { awardsHandoffSchema } from './awards-handoff.js';
import { awardsLineSchema } from './awards-line.js';
import { manifestSchema } from './manifest.js';
import { proofFileSchema } from './proof-file.js';
import { receiptSchema } from './receipt.js';
import { statsSchema } from './stats.js';

export const JSON_SCHEMA_BASE = 'https://stones.example/schemas/';

/** The committed files of schemas/, by file name, with the zod schema each is generated from. */
export const JSON_SCHEMA_FILES = {
  'manifest.schema.json': { schema: manifestSchema, title: 'stones bundle/manifest.json' },
  'stats.schema.json': { schema: statsSchema, title: 'stones bundle/stats.json' },
  'awards-line.schema.json': { schema: awardsLineSchema, title: 'stones bundle/awards.jsonl, one line' },
  'proof-file.schema.json': { schema: proofFileSchema, title: 'stones bundle/proofs/batch-NNNNNN.json' },
  'receipt.schema.json': { schema: receiptSchema, title: 'stones receipts.jsonl, one line' },
  'awards-handoff.schema.json': { schema: awardsHandoffSchema, title: 'stones awards-ready hand-off' },
  'award-row.schema.json': { schema: awardRowSchema, title: 'stones awards.arrow / awards.parquet, one row' },
  'anchor.schema.json': { schema: anchorFileSchema, title: 'stones bundle/anchor.json' },
} as const;

/**
 * The JSON Schema (draft 2020-12) of a published file. Input mode: it describes the file as a
 * reader finds it. Refinements zod checks in code (a field element below the BN254 modulus, a
 * decimal below 2^64) have no JSON Schema form and are left to the verifier.
 */
export function jsonSchemaOf(file: keyof typeof JSON_SCHEMA_FILES): Record<string, unknown> {
  const { schema, title } = JSON_SCHEMA_FILES[file];
  const { $schema, ...body } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return { $schema, $id: `${JSON_SCHEMA_BASE}${file}`, title, ...body };
}
