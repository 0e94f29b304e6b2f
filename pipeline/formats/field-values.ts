import { z } from 'zod';

// Repeated here, not imported, because this folder is the browser-safe `stones/formats` entry and
// may import nothing but zod; test/pipeline/formats/field-values.test.ts compares them with
// pipeline/commitments (the modulus) and pipeline/scoring/circuit-bit-widths.ts (the widths).
export const BN254_FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const FORMAT_BIT_WIDTHS = { score: 40, pool: 64, users: 24, entries: 16, draw_stones: 32, draw_weight: 80 } as const;

/** A 0x-hex field element below the BN254 modulus. */
export const fieldElement = z
  .string()
  .regex(/^0x[0-9a-fA-F]{1,64}$/, 'a 0x-hex field element')
  .refine((text) => BigInt(text) < BN254_FIELD_MODULUS, 'a field element below the BN254 modulus');
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256');
export const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a decimal integer');
/** A decimal integer below 2^bits: the width the circuit range-checks it to. */
export const decimalBelow = (bits: number) => decimal.refine((text) => BigInt(text) < 1n << BigInt(bits), `a decimal integer below 2^${bits}`);
export const count = z.number().int().min(0);
export const period = z.string().regex(/^\d{4}-\d{2}$/, 'a period YYYY-MM');
