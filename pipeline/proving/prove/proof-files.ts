// The names of a bundle's proving files, shared by the prover and the (browser-safe) verifier.

/** The verification key's name in a bundle, next to manifest.json. */
export const BUNDLE_VERIFICATION_KEY = 'verification_key.json';

/** `batch-000042.json`: one proof file per batch, by batch index. */
export function proofFileName(batch: number): string {
  return `batch-${String(batch).padStart(6, '0')}.json`;
}
