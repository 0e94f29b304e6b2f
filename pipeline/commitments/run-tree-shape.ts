/**
 * The two trees of a run. Each batch of B users has a 16-ary Poseidon tree over its leaves
 * (cheapest in the batch circuit: one Poseidon(16) costs about 40 constraints per leaf, a
 * binary tree 240). The top tree over the batch roots is binary: only verifiers compute it,
 * and one sibling per level keeps every receipt's path short (17 hashes for a million users
 * in batches of 8, against 60 for a 16-ary top tree).
 */
export const BATCH_TREE_ARITY = 16;
export const TOP_TREE_ARITY = 2;
