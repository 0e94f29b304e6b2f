export { verifyBundleFiles, type BundleVerification, type VerifyBundleFilesOptions } from './verify-bundle-files.js';
export { bundleFromFiles, type BundleRead, type BundleSource } from './bundle-source.js';
export { BUNDLE_CHECKS, type BundleCheckName, type BundleCheckResult, type BundleCheckStatus } from './bundle-checks.js';
export { BUNDLE_FILES } from './read-bundle.js';
export { MAX_KEPT_FAILURES } from './check-log.js';
export type { CeremonyKey } from './check-verification-key.js';
export type { ProofProgress } from './check-proofs.js';
