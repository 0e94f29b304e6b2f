/** The stages of a run, in the order they run; run_stages.stage is one of these. */
const RUN_STAGES = ['ingest', 'features', 'commit', 'score', 'statistics', 'publish', 'prove', 'verify', 'anchor'] as const;

export type RunStage = (typeof RUN_STAGES)[number];

/** A stage's counts, stored as a JSON object in run_stages.counts. */
export type StageCounts = Record<string, string | number | boolean | null>;
