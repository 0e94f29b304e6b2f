export { commitPeriod, type CommitResult } from './commit-period.js';
export { loadPepper } from './load-pepper.js';
export { fieldToHex, randomFieldElement, userIdToField } from './field-encoding.js';
export { createPoseidon, BN254_FIELD_MODULUS, type PoseidonHasher } from './poseidon/index.js';
export { dataLeafRow } from './data-leaf.js';
export { awardLeafRow } from './award-leaf.js';
