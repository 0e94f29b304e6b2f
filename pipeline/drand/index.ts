export { DRAND_G1_DST, DRAND_SCHEME, type DrandChain } from './drand-chain.js';
export type { DrandRound } from './drand-round.js';
export { drandRoundTime, firstDrandRoundAtOrAfter } from './drand-round-time.js';
export { drandRoundFault, drandRoundMessage } from './drand-round-fault.js';
export { parseDrandRound } from './parse-drand-round.js';
export { drandBeacon } from './drand-beacon.js';
export { KNOWN_DRAND_NETWORKS, knownNetworkMismatch } from './known-drand-networks.js';
