export { anchorRun, ANCHOR_FILE, type AnchorRunResult } from './anchor-run.js';
export { connectChain, type ChainConnection } from './chain-connection.js';
export { registryArtifact, verifierArtifacts } from './contract-artifacts.js';
export { startDevChain, freePort, type DevChain } from './dev-chain.js';
export { openRegistry, type OpenRegistry } from './open-registry.js';
export { recordedDeployment } from './registry-deployment.js';
export { batchesOf, commitmentOf, groth16ProofArgs, registryKey } from './registry-values.js';
export { DEV_CHAIN_KEY } from './sender-key.js';
export { readChainRecord } from './read-chain-record.js';
