export { publishRun, type PublishRunOptions, type PublishResult } from './publish-run.js';
export type { Manifest, ManifestBatch, ManifestProofs, ScoreNoisePrivacyReport } from './manifest.js';
export type { Receipt } from './receipt.js';
export { readRunSnapshot, type RunSnapshot } from './run-snapshot.js';
