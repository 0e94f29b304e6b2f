import { z } from 'zod';
import type { DrandRound } from './drand-round.js';

const drandRoundSchema = z.object({
  round: z
    .number()
    .int()
    .min(1)
    .max(2 ** 40),
  randomness: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits'),
  signature: z.string().regex(/^[0-9a-fA-F]{96}$/, '96 hex digits (a compressed G1 point)'),
});

/**
 * A round as drand's HTTP API prints it (`{"round":..,"randomness":..,"signature":..}`, other
 * keys ignored), hex lowercased; throws with the first problem in one line. Only its shape:
 * drandRoundFault checks it is the network's.
 */
export function parseDrandRound(text: string): DrandRound {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const parsed = drandRoundSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not a drand round: ${issue.path.join('.') || 'the value'}: ${issue.message}`);
  }
  const { round, randomness, signature } = parsed.data;
  return { round, randomness: randomness.toLowerCase(), signature: signature.toLowerCase() };
}
