import { z } from 'zod';
import { decimal } from './field-values.js';
import { SCHEMA_VERSIONS } from './schema-versions.js';

/** bundle/proofs/batch-NNNNNN.json: a batch's Groth16 proof (snarkjs's shape) and its one public signal, the batch statement. */
export const proofFileSchema = z
  .object({
    schema_version: z.literal(SCHEMA_VERSIONS.proof),
    proof: z
      .object({
        pi_a: z.array(decimal).length(3),
        pi_b: z.array(z.array(decimal).length(2)).length(3),
        pi_c: z.array(decimal).length(3),
        protocol: z.literal('groth16'),
        curve: z.literal('bn128'),
      })
      .strict(),
    publicSignals: z.array(decimal),
  })
  .strict();

export type ProofFile = z.infer<typeof proofFileSchema>;
