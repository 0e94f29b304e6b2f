// stones/verify/node: the same checks over folders on disk, with the fast hashers (WebAssembly
// Poseidon, worker threads) and the ceremony keys this package ships.
export { ceremonyKeyFor } from './ceremony-key-for.js';
export { directoryBundleSource } from './directory-bundle-source.js';
export { resolveBundleDirs } from './resolve-bundle-dirs.js';
export { verifyBundle, type AnchoredBundleVerification, type BundleVerification, type VerifyBundleOptions } from './verify-bundle.js';
export { ANCHOR_CHECKS, checkAnchor, type AnchorCheckName, type AnchorCheckResult, type AnchorVerification } from '../anchor/index.js';
export { verifyChain, type ChainVerification, type VerifyChainOptions } from './verify-chain.js';
export { verifyReceipt } from './verify-receipt.js';
