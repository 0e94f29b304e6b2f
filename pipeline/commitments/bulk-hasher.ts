/**
 * Bulk hashing, spread over worker threads by the hash pool. The stages take this interface,
 * so a test can pass a single-threaded implementation.
 */
export interface BulkHasher {
  /** Poseidon of each row (1 to 16 field elements). */
  hashRows(rows: bigint[][]): Promise<bigint[]>;
  /** For each salt, the number of 1 bits among the first n coins drawn from Poseidon(beacon, salt, j). */
  countCoins(beacon: bigint, salts: bigint[], n: number): Promise<number[]>;
  /** The root of each group's Poseidon tree (see merkle/). */
  buildTrees(leafGroups: bigint[][]): Promise<bigint[]>;
}
