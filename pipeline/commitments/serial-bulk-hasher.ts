import type { BulkHasher } from './bulk-hasher.js';
import { checkCoinCount, popcount32 } from './hash-pool/coin-bits.js';
import { buildTree } from './merkle/poseidon-tree.js';
import type { PoseidonHasher } from './poseidon/poseidon-hasher.js';

/**
 * The bulk operations on the calling thread, with any Poseidon: what a browser (no worker
 * threads, no WebAssembly kernel of ours) or a small bundle needs. Same results as the
 * hash pool, which a test checks.
 */
export function serialBulkHasher(poseidon: PoseidonHasher): BulkHasher {
  return {
    async hashRows(rows) {
      return rows.map((row) => poseidon.hash(row));
    },
    async countCoins(beacon, salts, n) {
      checkCoinCount(n);
      const mask = (1n << BigInt(n)) - 1n;
      return salts.map((salt) => {
        const bits = poseidon.hash([beacon, salt]) & mask;
        let ones = 0;
        for (let shift = 0n; shift < BigInt(n); shift += 32n) ones += popcount32(Number((bits >> shift) & 0xffffffffn));
        return ones;
      });
    },
    async buildTrees(leafGroups) {
      return leafGroups.map((group) => buildTree(poseidon, group).root);
    },
  };
}
