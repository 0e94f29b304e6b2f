export { verifyReceipt, type ReceiptVerification } from './verify-receipt.js';
export { verifyChain, checkChain, resolveBundleDirs, CHAIN_CHECKS, type ChainVerification, type ChainCheckName, type ChainCheckResult, type ChainRelease, type ChainTotals } from './chain/index.js';
