/**
 * Bulk hashing, spread over worker threads by the hash pool. The stages take this interface,
 * so a test can pass a single-threaded implementation.
 */
export interface BulkHasher {
  /** Poseidon of each row (1 to 16 field elements). */
  hashRows(rows: bigint[][]): Promise<bigint[]>;
  /** For each salt, the number of 1 bits among the low n (<= 128) bits of Poseidon(beacon, salt). */
  countCoins(beacon: bigint, salts: bigint[], n: number): Promise<number[]>;
  /** The root of each group's Poseidon tree (see merkle/). */
  buildTrees(leafGroups: bigint[][]): Promise<bigint[]>;
}
