export { POSEIDON_CANDIDATES, type PoseidonCandidate } from './poseidon-candidates.js';
