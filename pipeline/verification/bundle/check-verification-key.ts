import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ARTIFACT_FILES } from '../../proving/ceremony/write-artifacts.js';
import { defaultArtifactsDir, instanceName } from '../../proving/prove/artifacts-instance.js';
import type { Manifest } from '../../publishing/manifest.js';
import type { Formula } from '../../scoring/index.js';
import type { BundleContents } from './read-bundle.js';
import type { CheckLog } from './check-log.js';

/** The verification key of the published ceremony, which the bundle's key must equal. */
export interface CeremonyKey {
  path: string;
  key: Record<string, unknown>;
}

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

/**
 * The bundle's verification key: named by the manifest (SHA-256), for the formula's circuit
 * instance, and equal to the ceremony's key (a key from another setup would let whoever ran it
 * prove anything).
 */
export function checkVerificationKey(log: CheckLog, manifest: Manifest, bundle: BundleContents, ceremony: CeremonyKey | { missing: string }): void {
  const { proofs } = manifest;
  if (proofs === undefined) {
    log.fail('verification_key.sha256', 'the manifest names no verification key: the run was not proved (stones prove)');
    log.fail('verification_key.circuit', 'the manifest names no circuit: the run was not proved (stones prove)');
  } else {
    if (bundle.verificationKeyBytes === undefined) log.skip('verification_key.sha256', 'verification_key.json is missing');
    else {
      const sha256 = createHash('sha256').update(bundle.verificationKeyBytes).digest('hex');
      if (sha256 !== proofs.verification_key_sha256) log.fail('verification_key.sha256', `verification_key.json hashes to ${sha256}, the manifest says ${proofs.verification_key_sha256}`);
    }
    if (bundle.formula === undefined) log.skip('verification_key.circuit', 'formula.json could not be read');
    else if (proofs.circuit !== instanceName(bundle.formula)) {
      log.fail('verification_key.circuit', `the proofs are of ${proofs.circuit}, the formula's instance is ${instanceName(bundle.formula)}`);
    }
  }
  if ('missing' in ceremony) log.fail('verification_key.ceremony', ceremony.missing);
  else if (bundle.verificationKey === undefined) log.skip('verification_key.ceremony', 'verification_key.json could not be read');
  else if (!isDeepStrictEqual(bundle.verificationKey, ceremony.key)) log.fail('verification_key.ceremony', `verification_key.json is not the ceremony's key (${ceremony.path})`);
}
