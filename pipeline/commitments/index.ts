export { commitPeriod, type CommitPeriodOptions, type CommitResult } from './commit-period.js';
export { loadPepper, PEPPER_ENV, PEPPER_FILE_ENV, DEFAULT_PEPPER_FILE } from './load-pepper.js';
export { fieldFromHex, fieldToHex, randomFieldElement, userIdToField } from './field-encoding.js';
export type { BulkHasher } from './bulk-hasher.js';
export { createPoseidon, BN254_FIELD_MODULUS, type PoseidonHasher } from './poseidon/index.js';
export { runIdOf, type RunIdParts } from './run-id.js';
export { dataLeafRow, packFeatures } from './data-leaf.js';
export { awardLeafRow } from './award-leaf.js';
