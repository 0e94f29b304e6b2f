export { HashPool, type HashPoolOptions } from './hash-pool.js';
export { COINS_PER_HASH, coinHashes, popcount32 } from './coin-count.js';
export { packFields, packRows, readField, unpackFields, writeField } from './field-packing.js';
export { hashWorkerFile } from './worker-file.js';
