export { ingestFiles, type IngestOptions, type IngestProgress, type IngestSummary, type IngestTotals } from './ingest-files.js';
export { loadInputFile, type FileLoadResult, type InputFilePlan } from './load-input-file.js';
export { resolveInputFiles } from './resolve-input-files.js';
export { scanInputFile, type InputFileScan } from './scan-input-file.js';
export {
  QUARANTINE_REASONS,
  QUARANTINE_REASON_CODES,
  OWNER_QUARANTINE_REASONS,
  OWNER_QUARANTINE_REASON_CODES,
  type QuarantineReason,
  type TripQuarantineReason,
  type OwnerQuarantineReason,
} from './quarantine-reasons.js';
export { REQUIRED_TRIP_COLUMNS, OPTIONAL_TRIP_COLUMNS, TRIP_INPUT_COLUMNS, type TripInputColumn } from './trip-columns.js';
export { OWNER_INPUT_COLUMNS, ENROLLED_ON_RANGE, type OwnerInputColumn } from './owner-columns.js';
export { inputKindOf, INPUT_KINDS, INPUT_SCHEMAS, type InputKind, type InputSchema } from './input-kinds.js';
export { ownersEnrolledBy, type EnrolledOwner } from './enrolled-owners.js';
export { inputFormatOf, INPUT_EXTENSIONS, type InputFormat } from './sources/index.js';
