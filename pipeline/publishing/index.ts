export { publishRun, type PublishResult } from './publish-run.js';
export type { Manifest } from './manifest.js';
export { manifestRecordSha256 } from './manifest-record-sha256.js';
export type { Receipt } from './receipt.js';
export type { AwardsHandoff } from './awards-handoff.js';
export { awardsHandoffOf } from './awards-handoff-of.js';
