import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address } from 'viem';
import type { ChainConnection } from '../../anchoring/chain-connection.js';
import { safeParseVersioned, type Manifest } from '../../formats/index.js';
import { checkAnchor, type AnchorVerification } from '../anchor/index.js';
import type { BundleVerification, VerifyBundleFilesOptions } from '../bundle/verify-bundle-files.js';
import { verifyBundleFiles } from '../bundle/verify-bundle-files.js';
import { ceremonyKeyFor } from './ceremony-key-for.js';
import { directoryBundleSource } from './directory-bundle-source.js';

export interface VerifyBundleOptions extends Omit<VerifyBundleFilesOptions, 'ceremonyKey' | 'previous'> {
  /** The ceremony's verification key file; default the one committed for the formula's circuit. */
  verificationKeyPath?: string;
  /** The previous period's bundle folder (`--previous`): the release this one carries its remainder from. */
  previousBundleDir?: string;
  /** `--rpc`: also check the bundle against its record on this chain's registry (the anchor.* checks). */
  anchor?: { connection: ChainConnection; registry: Address };
}

/** A bundle verified on its own and, with --rpc, against its on-chain record. */
export interface AnchoredBundleVerification extends BundleVerification {
  anchor?: AnchorVerification;
}

/** `stones verify`: a bundle folder on disk, checked against the ceremony key this software ships (or the one given). */
export async function verifyBundle(bundleDir: string, options: VerifyBundleOptions): Promise<AnchoredBundleVerification> {
  const { verificationKeyPath, previousBundleDir, anchor, ...rest } = options;
  const source = directoryBundleSource(bundleDir);
  // A previous folder that is not there is a failed link (previous.run), not a usage error.
  const previous = previousBundleDir === undefined ? undefined : safeSource(previousBundleDir);
  const result = await verifyBundleFiles(source, {
    ...rest,
    ceremonyKey: (formula) => ceremonyKeyFor(formula, verificationKeyPath),
    ...(previous === undefined ? {} : { previous }),
  });
  if (anchor === undefined) return result;
  const manifest = await readManifest(bundleDir);
  // Without a readable manifest the bundle has already failed; there is nothing to look up on chain.
  if (manifest === undefined) return { ...result, ok: false };
  const checked = await checkAnchor({ manifest, connection: anchor.connection, registry: anchor.registry, poseidon: options.poseidon });
  return { ...result, anchor: checked, ok: result.ok && checked.ok };
}

async function readManifest(bundleDir: string): Promise<Manifest | undefined> {
  try {
    const parsed = safeParseVersioned('manifest', JSON.parse(await readFile(join(bundleDir, 'manifest.json'), 'utf8')));
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}

function safeSource(dir: string): ReturnType<typeof directoryBundleSource> {
  try {
    return directoryBundleSource(dir);
  } catch {
    return { location: dir, read: async () => undefined, list: async () => undefined };
  }
}

export type { BundleVerification };
