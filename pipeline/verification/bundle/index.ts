export { verifyBundle, type BundleVerification, type VerifyBundleOptions } from './verify-bundle.js';
export { BUNDLE_CHECKS, type BundleCheckName, type BundleCheckResult, type BundleCheckStatus } from './bundle-checks.js';
export { BUNDLE_FILES } from './read-bundle.js';
export { MAX_KEPT_FAILURES } from './check-log.js';
export type { ProofProgress } from './check-proofs.js';
