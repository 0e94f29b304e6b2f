// stones/verify: the regulator's and the owner's checks of a public bundle. Browser-safe: no
// file system, no database, no Node built-in anywhere below this file (a test bundles it for
// the browser); reading a folder on disk is verification/node (stones/verify/node).
export {
  BUNDLE_CHECKS,
  BUNDLE_FILES,
  bundleFromFiles,
  MAX_KEPT_FAILURES,
  verifyBundleFiles,
  type BundleCheckName,
  type BundleCheckResult,
  type BundleCheckStatus,
  type BundleRead,
  type BundleSource,
  type BundleVerification,
  type CeremonyKey,
  type ProofProgress,
  type VerifyBundleFilesOptions,
} from './bundle/index.js';
export { CHAIN_CHECKS, checkChain, type ChainCheck, type ChainCheckName, type ChainCheckResult, type ChainRelease, type ChainTotals } from './chain/index.js';
export { verifyReceiptFiles, type CheckedReceipt, type ReceiptDraw, type ReceiptVerification } from './verify-receipt-files.js';
export { createBigintPoseidonOf } from '../commitments/poseidon/bigint-poseidon.js';
export type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
export type { RawConstants as PoseidonConstantsFile } from '../commitments/poseidon/poseidon-constant-tables.js';
export type { BulkHasher } from '../commitments/bulk-hasher.js';
export { serialBulkHasher } from '../commitments/serial-bulk-hasher.js';
