import { z } from 'zod';

/**
 * stones.config.json: defaults for the shared options, nothing else. Strict: a key stones does
 * not know is an error (a typo would otherwise be silently ignored).
 */
export const configFileSchema = z.strictObject({
  db: z.string().min(1).optional(),
  formula: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  redis: z.string().min(1).optional(),
  prefix: z.string().min(1).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
