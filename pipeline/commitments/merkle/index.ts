export { padToPowerOfTwo } from './pad-to-power-of-two.js';
export { buildTree, type PoseidonTree } from './poseidon-tree.js';
export { merklePath, rootFromPath, type MerklePath, type MerklePathLevel } from './merkle-path.js';
export { isPowerOfTwo, levelArities, TREE_ARITY } from './tree-shape.js';
