// The `stones/formats` entry: the published files' schemas, browser-safe (zod only).
export { SCHEMA_VERSIONS, FORMAT_NAMES, type FormatKind } from './schema-versions.js';
export { BN254_FIELD_MODULUS, FORMAT_BIT_WIDTHS } from './field-values.js';
export {
  manifestSchema,
  manifestBatchSchema,
  manifestDrawSchema,
  manifestDrandSchema,
  manifestDataRootAnchorSchema,
  manifestPreviousSchema,
  manifestProofsSchema,
  scoreNoisePrivacyReportSchema,
  scoreReleaseReportSchema,
  type Manifest,
  type ManifestBatch,
  type ManifestDraw,
  type ManifestDrand,
  type ManifestDataRootAnchor,
  type ManifestPrevious,
  type ManifestProofs,
  type ScoreNoisePrivacyReport,
  type ScoreReleaseReport,
} from './manifest.js';
export {
  statsSchema,
  STATS_STATISTIC_NAMES,
  DERIVED_STATISTIC_NAMES,
  type StatisticsRelease,
  type BudgetJson,
  type CostJson,
  type DerivedStatisticName,
  type HistogramStatisticJson,
  type IntervalJson,
  type NoisedStatisticJson,
  type PublishedStatistic,
  type RatioStatisticJson,
  type ScalarStatisticJson,
  type ScoreNoiseJson,
  type SpentJson,
} from './stats.js';
export { awardsLineSchema, type AwardsLine } from './awards-line.js';
export { proofFileSchema, type ProofFile } from './proof-file.js';
export { receiptSchema, merklePathJsonSchema, RECEIPT_FEATURE_NAMES, type Receipt, type MerklePathJson } from './receipt.js';
export { awardsHandoffSchema, awardsFileSchema, type AwardsHandoff, type AwardsFile } from './awards-handoff.js';
export { anchorFileSchema, type AnchorFile, type AnchorTransaction } from './anchor-file.js';
export { awardRowSchema, AWARD_ROW_COLUMNS, type AwardRow } from './award-row.js';
export {
  parseVersioned,
  safeParseVersioned,
  FormatError,
  VERSIONED_SCHEMAS,
  type FormatProblem,
  type VersionedDocument,
  type VersionedKind,
  type VersionedParse,
} from './parse-versioned.js';
export { JSON_SCHEMA_FILES, jsonSchemaOf, JSON_SCHEMA_BASE } from './json-schemas.js';
