export { HashPool, type HashPoolOptions } from './hash-pool.js';
export { popcount32 } from './coin-bits.js';
