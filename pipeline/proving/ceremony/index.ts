export type { CeremonyTranscript } from './ceremony-types.js';
export { runCeremony, type CeremonyResult } from './run-ceremony.js';
export { runPhase1 } from './phase1.js';
export { parseCeremonyBeacon } from './public-beacon.js';
export { releaseSnarkjsCurve } from './release-curve.js';
