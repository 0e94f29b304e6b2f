import { z } from 'zod';
import { BN254_FIELD_MODULUS } from '../../commitments/poseidon/poseidon-hasher.js';
import { bitLimit, POOL_BITS, SCORE_BITS, USERS_BITS } from '../../scoring/circuit-bit-widths.js';
import type { Manifest } from '../../publishing/manifest.js';

const hex = z
  .string()
  .regex(/^0x[0-9a-f]{1,64}$/i, 'a 0x-hex field element')
  .refine((text) => BigInt(text) < BN254_FIELD_MODULUS, 'a field element below the BN254 modulus');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a decimal integer');
/** A decimal integer below 2^bits: the width the circuit range-checks it to. */
const below = (bits: number) => decimal.refine((text) => BigInt(text) < bitLimit(bits), `a decimal integer below 2^${bits}`);
const count = z.number().int().min(0);

const batch = z
  .object({ batch: count, users: count, data_root: hex, award_root: hex, noisy_sum: below(SCORE_BITS + USERS_BITS), award_sum: below(POOL_BITS) })
  .strict();

/** manifest.json as publishing/manifest.ts writes it; unknown fields are refused, so nothing unchecked rides along. */
export const manifestSchema = z
  .object({
    run_id: z.string().min(1),
    period: z.string().min(1),
    time_zone: z.string().min(1),
    formula: z.object({ id: z.string(), version: z.number().int(), sha256, poseidon: hex }).strict(),
    pool: below(POOL_BITS),
    carried_in: below(POOL_BITS),
    previous: z.object({ run_id: z.string().min(1), period: z.string().regex(/^\d{4}-\d{2}$/, 'a period YYYY-MM'), manifest_sha256: sha256 }).strict().nullable(),
    total_noisy_score: below(SCORE_BITS + USERS_BITS),
    total_awards: below(POOL_BITS),
    remainder: below(POOL_BITS),
    beacon: z.object({ value: hex, demo: z.boolean(), recorded_at: z.string() }).strict(),
    data_root: hex,
    data_root_recorded_at: z.string(),
    award_root: hex,
    users: count,
    batch_size: z.number().int().min(1),
    tree: z.object({ batch_arity: count, top_arity: count, padding_leaf: hex }).strict(),
    batches: z.array(batch),
    privacy: z
      .object({
        mechanism: z.literal('binomial'),
        privacy_unit: z.string(),
        neighbours: z.string(),
        n: count,
        k: count,
        sensitivity: decimal,
        lattice_shift: count,
        noise_sd: z.number().nonnegative(),
        epsilon: z.number().nonnegative(),
        target_epsilon: z.number().nonnegative(),
        delta: z.number(),
        release: z
          .object({ index: z.number().int().min(1), period_epsilon: z.number().nonnegative(), period_delta: z.number().nonnegative(), period_epsilon_budget: z.number().positive() })
          .strict(),
      })
      .strict(),
    proofs: z
      .object({ circuit: z.string(), protocol: z.literal('groth16'), curve: z.literal('bn128'), verification_key_sha256: sha256, batches: count })
      .strict()
      .optional(),
  })
  .strict();

/** The manifest, or one line per schema problem, each starting with the field's path. */
export function parseManifest(value: unknown): { manifest: Manifest } | { problems: string[] } {
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return { manifest: parsed.data as Manifest };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'manifest'}: ${issue.message}`) };
}
