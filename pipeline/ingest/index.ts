export { ingestFiles, type IngestOptions, type IngestProgress, type IngestSummary } from './ingest-files.js';
export { loadInputFile, type FileLoadResult, type InputFilePlan } from './load-input-file.js';
export { resolveInputFiles } from './resolve-input-files.js';
export { scanInputFile, type InputFileScan } from './scan-input-file.js';
export { QUARANTINE_REASONS, QUARANTINE_REASON_CODES, type QuarantineReason } from './quarantine-reasons.js';
export { REQUIRED_TRIP_COLUMNS, OPTIONAL_TRIP_COLUMNS, TRIP_INPUT_COLUMNS, type TripInputColumn } from './trip-columns.js';
export { inputFormatOf, INPUT_EXTENSIONS, type InputFormat } from './sources/index.js';
