export { publishRun, type PublishRunOptions, type PublishResult } from './publish-run.js';
export type { Manifest, ManifestBatch, ManifestPrevious, ManifestProofs, ScoreNoisePrivacyReport } from './manifest.js';
export { manifestRecordSha256 } from './manifest-record-sha256.js';
export type { Receipt } from './receipt.js';
export { readRunSnapshot, type RunSnapshot } from './run-snapshot.js';
export type { AwardsFile, AwardsHandoff } from './awards-handoff.js';
export { awardsHandoffOf } from './awards-handoff-of.js';
