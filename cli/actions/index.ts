/**
 * What each command does when it runs. The commands (../commands/) import their action with
 * `await import('./<name>-action.js')` when it runs, never through this index: a value
 * export here would load every command's dependencies (DuckDB, BullMQ, snarkjs, Bull Board) for
 * any command, and for --help. Types only.
 */
export type { CeremonyCommandOptions } from './ceremony-action.js';
export type { CommitOptions } from './commit-action.js';
export type { DashboardOptions } from './dashboard-action.js';
export type { ExportVerifierOptions } from './export-verifier-action.js';
export type { FeaturesOptions } from './features-action.js';
export type { FormulaOptions } from './formula-action.js';
export type { GenerateCommandOptions } from './generate-action.js';
export type { HandoffOptions } from './handoff-action.js';
export type { IngestOptions } from './ingest-action.js';
export type { LedgerOptions, SampleCommandOptions } from './privacy-action.js';
export type { ProveOptions } from './prove-action.js';
export type { RunOptions } from './run-action.js';
export type { RunsOptions } from './runs-action.js';
export type { ScheduleAddOptions, ScheduleOptions } from './schedule-action.js';
export type { ScoreOptions } from './score-action.js';
export type { VerifyOptions } from './verify-action.js';
export type { VerifyChainOptions } from './verify-chain-action.js';
export type { WorkerOptions } from './worker-action.js';
