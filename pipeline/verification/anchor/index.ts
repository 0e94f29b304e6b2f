export { ANCHOR_CHECKS, type AnchorCheckName, type AnchorCheckResult } from './anchor-checks.js';
export { checkAnchor, type AnchorVerification } from './check-anchor.js';
