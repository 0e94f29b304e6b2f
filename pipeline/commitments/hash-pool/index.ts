export { HashPool, type HashPoolOptions } from './hash-pool.js';
export { checkCoinCount, COINS_PER_HASH, popcount32 } from './coin-bits.js';
export { packFields, packRows, readField, unpackFields, writeField } from './field-packing.js';
export { hashWorkerFile } from './worker-file.js';
