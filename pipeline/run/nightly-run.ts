import type { DuckDBConnection } from '@duckdb/node-api';
import { measureStage } from '../history/index.js';
import { ingestFiles, type IngestSummary } from '../ingest/index.js';
import { periodOfLoads } from './period-of-loads.js';
import { runPipeline, type RunPipelineOptions, type RunPipelineResult } from './run-pipeline.js';

/** What a nightly run did: nothing (no file arrived since the last one), or a whole run. */
export type NightlyRunOutcome = { status: 'nothing-new'; ingest: IngestSummary } | { status: 'ran'; result: RunPipelineResult };

/**
 * The scheduled nightly run: loads whatever arrived under the inputs since the last run (a
 * file already loaded is recognised by its SHA-256 and skipped) and, if any file is new, runs
 * the period most of the new trips belong to, every stage as `stones run` does. Nothing new:
 * nothing is committed, scored or spent from the privacy budget.
 */
export async function nightlyRun(
  connection: DuckDBConnection,
  options: Omit<RunPipelineOptions, 'ingested' | 'periodId'> & {
    /** New files were loaded, of this period (called before anything else is done with them). */
    onNewFiles?: (periodId: string) => Promise<void>;
  },
): Promise<NightlyRunOutcome> {
  const ingest = await measureStage(() => ingestFiles(connection, { inputs: options.inputs, progress: options.progress }));
  const fresh = ingest.value.files.filter((file) => file.status === 'loaded');
  if (fresh.length === 0) return { status: 'nothing-new', ingest: ingest.value };
  const periodId = await periodOfLoads(
    connection,
    fresh.map((file) => file.loadId),
    options.timeZone,
  );
  await options.onNewFiles?.(periodId);
  return { status: 'ran', result: await runPipeline(connection, { ...options, periodId, ingested: ingest }) };
}
