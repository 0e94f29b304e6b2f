export { ingestFiles, type IngestProgress, type IngestSummary, type IngestTotals } from './ingest-files.js';
export type { FileLoadResult } from './load-input-file.js';
export {
  QUARANTINE_REASON_CODES,
  OWNER_QUARANTINE_REASON_CODES,
  CRYSTAL_QUARANTINE_REASON_CODES,
} from './quarantine-reasons.js';
export { inputKindOf, type InputKind } from './input-kinds.js';
export { ownersEnrolledBy } from './enrolled-owners.js';
