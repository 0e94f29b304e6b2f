import { sha256Hex } from '../../hashing/sha256.js';
import { instanceName } from '../../proving/prove/instance-name.js';
import type { Manifest } from '../../publishing/manifest.js';
import { canonicalJson, type JsonValue } from '../../scoring/canonical-formula-json.js';
import type { BundleContents } from './read-bundle.js';
import type { CheckLog } from './check-log.js';

/** The verification key of the published ceremony, which the bundle's key must equal; `path` says where it came from. */
export interface CeremonyKey {
  path: string;
  key: Record<string, unknown>;
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
      const sha256 = sha256Hex(bundle.verificationKeyBytes);
      if (sha256 !== proofs.verification_key_sha256)
        log.fail('verification_key.sha256', `verification_key.json hashes to ${sha256}, the manifest says ${proofs.verification_key_sha256}`);
    }
    if (bundle.formula === undefined) log.skip('verification_key.circuit', 'formula.json could not be read');
    else if (proofs.circuit !== instanceName(bundle.formula)) {
      log.fail('verification_key.circuit', `the proofs are of ${proofs.circuit}, the formula's instance is ${instanceName(bundle.formula)}`);
    }
  }
  if ('missing' in ceremony) log.fail('verification_key.ceremony', ceremony.missing);
  else if (bundle.verificationKey === undefined) log.skip('verification_key.ceremony', 'verification_key.json could not be read');
  else if (canonicalJson(bundle.verificationKey as JsonValue) !== canonicalJson(ceremony.key as JsonValue))
    log.fail('verification_key.ceremony', `verification_key.json is not the ceremony's key (${ceremony.path})`);
}
