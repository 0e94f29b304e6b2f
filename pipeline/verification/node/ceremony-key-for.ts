import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_FILES } from '../../proving/ceremony/write-artifacts.js';
import { defaultArtifactsDir } from '../../proving/prove/artifacts-instance.js';
import type { Formula } from '../../scoring/formula.js';
import type { CeremonyKey } from '../bundle/check-verification-key.js';

/**
 * The ceremony key for a formula's circuit: the one given (--verification-key), else the one
 * committed with this software in circuits/artifacts/<circuit>/, else none.
 */
export function ceremonyKeyFor(formula: Formula | undefined, givenPath?: string): CeremonyKey | { missing: string } {
  const path = givenPath ?? (formula ? join(defaultArtifactsDir(formula), ARTIFACT_FILES.verificationKey) : undefined);
  if (path === undefined) return { missing: 'formula.json could not be read, so the circuit is unknown (give --verification-key)' };
  if (!existsSync(path)) return { missing: `no ceremony verification key at ${path} (give --verification-key)` };
  try {
    return { path, key: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> };
  } catch (error) {
    return { missing: `${path}: not JSON (${(error as Error).message})` };
  }
}
