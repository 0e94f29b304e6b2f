export { POSEIDON_CANDIDATES } from './poseidon-candidates.js';
