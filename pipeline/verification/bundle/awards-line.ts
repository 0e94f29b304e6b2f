import { z } from 'zod';

/** One line of a bundle's awards.jsonl, as publishing/publish-run.ts writes it. */
export const awardsLineSchema = z
  .object({
    user_tag: z.string().regex(/^0x[0-9a-f]{1,64}$/i, 'a 0x-hex field element'),
    noisy_score: z.string().regex(/^(0|[1-9][0-9]*)$/, 'a decimal integer'),
    award: z.string().regex(/^(0|[1-9][0-9]*)$/, 'a decimal integer'),
    batch: z.number().int().min(0),
    leaf: z.number().int().min(0),
  })
  .strict();

export type AwardsLine = z.infer<typeof awardsLineSchema>;
