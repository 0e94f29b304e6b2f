import { z } from 'zod';
import { BN254_FIELD_MODULUS } from '../../commitments/poseidon/poseidon-hasher.js';
import { bitLimit, POOL_BITS, SCORE_BITS } from '../../scoring/circuit-bit-widths.js';

const fieldElement = z
  .string()
  .regex(/^0x[0-9a-f]{1,64}$/i, 'a 0x-hex field element')
  .refine((hex) => BigInt(hex) < BN254_FIELD_MODULUS, 'a field element below the BN254 modulus');

/** A decimal integer below 2^bits: the width the circuit range-checks it to. */
function decimalBelow(bits: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/, 'a decimal integer')
    .refine((text) => BigInt(text) < bitLimit(bits), `a decimal integer below 2^${bits}`);
}

/** One line of a bundle's awards.jsonl, as publishing/publish-run.ts writes it. */
export const awardsLineSchema = z
  .object({
    user_tag: fieldElement,
    noisy_score: decimalBelow(SCORE_BITS),
    award: decimalBelow(POOL_BITS),
    batch: z.number().int().min(0),
    leaf: z.number().int().min(0),
  })
  .strict();

export type AwardsLine = z.infer<typeof awardsLineSchema>;
