export { padToPowerOfTwo } from './pad-to-power-of-two.js';
export { buildTree, type PoseidonTree } from './poseidon-tree.js';
export { merklePath, rootFromPath } from './merkle-path.js';
export { isPowerOfTwo, levelArities } from './tree-shape.js';
