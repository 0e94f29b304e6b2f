export { checkChain, type ChainCheck, type ChainRelease, type ChainTotals } from './check-chain.js';
export { CHAIN_CHECKS, type ChainCheckName, type ChainCheckResult } from './chain-checks.js';
