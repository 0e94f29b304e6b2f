import type { BundleVerification, VerifyBundleFilesOptions } from '../bundle/verify-bundle-files.js';
import { verifyBundleFiles } from '../bundle/verify-bundle-files.js';
import { ceremonyKeyFor } from './ceremony-key-for.js';
import { directoryBundleSource } from './directory-bundle-source.js';

export interface VerifyBundleOptions extends Omit<VerifyBundleFilesOptions, 'ceremonyKey' | 'previous'> {
  /** The ceremony's verification key file; default the one committed for the formula's circuit. */
  verificationKeyPath?: string;
  /** The previous period's bundle folder (`--previous`): the release this one carries its remainder from. */
  previousBundleDir?: string;
}

/** `stones verify`: a bundle folder on disk, checked against the ceremony key this software ships (or the one given). */
export async function verifyBundle(bundleDir: string, options: VerifyBundleOptions): Promise<BundleVerification> {
  const { verificationKeyPath, previousBundleDir, ...rest } = options;
  const source = directoryBundleSource(bundleDir);
  // A previous folder that is not there is a failed link (previous.run), not a usage error.
  const previous = previousBundleDir === undefined ? undefined : safeSource(previousBundleDir);
  return verifyBundleFiles(source, {
    ...rest,
    ceremonyKey: (formula) => ceremonyKeyFor(formula, verificationKeyPath),
    ...(previous === undefined ? {} : { previous }),
  });
}

function safeSource(dir: string): ReturnType<typeof directoryBundleSource> {
  try {
    return directoryBundleSource(dir);
  } catch {
    return { location: dir, read: async () => undefined, list: async () => undefined };
  }
}

export type { BundleVerification };
