export type {
  CeremonyProgress,
  CeremonyStep,
  CeremonyStepKind,
  CeremonyTranscript,
  FileRecord,
  PublicBeacon,
} from './ceremony-types.js';
export { runCeremony, defaultPhase1WorkDir, type CeremonyOptions, type CeremonyResult } from './run-ceremony.js';
export { runPhase1, type Phase1Options, type Phase1Result } from './phase1.js';
export { runPhase2, type Phase2Options, type Phase2Result } from './phase2.js';
export { readR1csHeader, type R1csHeader } from './r1cs-header.js';
export { choosePower, requiredPower, MAX_POWER } from './required-power.js';
export { parseCeremonyBeacon, DEMO_BEACON_HEX, BEACON_ITERATIONS_EXP } from './public-beacon.js';
export { ARTIFACT_FILES, writeArtifacts, type ArtifactsWritten } from './write-artifacts.js';
export { writeTranscript } from './transcript.js';
export { fileSha256 } from './file-sha256.js';
export { releaseSnarkjsCurve } from './release-curve.js';
