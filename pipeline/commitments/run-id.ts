import { sha256Hex } from '../hashing/sha256.js';

export interface RunIdParts {
  /** The period id, e.g. 2026-10. */
  period: string;
  timeZone: string;
  /** SHA-256 (hex) of the canonical formula JSON. */
  formulaSha256: string;
  /** The run's data root, 0x-hex as in the manifest. */
  dataRoot: string;
}

/**
 * Runs are named by what they commit to, so committing the same thing twice finds the first
 * run, and a regulator can recompute a bundle's run id from its manifest.
 */
export function runIdOf(parts: RunIdParts): string {
  const digest = sha256Hex(`${parts.formulaSha256}:${parts.timeZone}:${parts.dataRoot}`);
  return `${parts.period}-${digest.slice(0, 12)}`;
}
