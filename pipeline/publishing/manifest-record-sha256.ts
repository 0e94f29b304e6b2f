import { sha256Hex } from '../hashing/sha256.js';
import { canonicalJson, type JsonValue } from '../scoring/canonical-formula-json.js';
import type { Manifest } from './manifest.js';

/**
 * The SHA-256 the next period's manifest names this one by: of the manifest without its
 * `proofs` section, as canonical JSON (RFC 8785: keys sorted, no whitespace, UTF-8). The
 * proofs section is left out because proving adds it after publishing, possibly after the
 * next period was published; everything it vouches for is checked by verifying this bundle.
 * Canonical JSON makes the hash independent of the file's spacing and key order, so any JCS
 * library recomputes it from manifest.json.
 */
export function manifestRecordSha256(manifest: Manifest): string {
  const { proofs: _proofs, ...record } = manifest;
  return sha256Hex(canonicalJson(JSON.parse(JSON.stringify(record)) as JsonValue));
}
