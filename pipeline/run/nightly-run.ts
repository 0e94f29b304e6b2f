import type { DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/index.js';
import { parsePeriod } from '../features/index.js';
import { measureStage } from '../history/index.js';
import { ingestFiles, type IngestSummary } from '../ingest/index.js';
import { isPeriodClosed } from '../scoring/index.js';
import { periodOfLoads } from './period-of-loads.js';
import { runPipeline, type OpenPeriodRun, type ReleasedRun, type RunPipelineOptions } from './run-pipeline.js';

/**
 * What a nightly run did: nothing (no file arrived and no closed period waits for its
 * release), loaded files of a period still open, or a whole run that released a period.
 */
export type NightlyRunOutcome =
  | { status: 'nothing-new'; ingest: IngestSummary }
  | { status: 'open'; result: OpenPeriodRun }
  | { status: 'ran'; result: ReleasedRun };

/** The oldest closed period some trips file is about that never had its scores released, if any. */
async function firstUnreleasedClosedPeriod(connection: DuckDBConnection, timeZone: string, graceDays: number, now: Date): Promise<string | undefined> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/run/unreleased-periods.sql'), { time_zone: timeZone });
  return reader
    .getRows()
    .map(([period]) => String(period))
    .find((period) => isPeriodClosed(parsePeriod(period, timeZone), graceDays, now));
}

/**
 * The scheduled nightly run: loads whatever arrived under the inputs since the last run (a
 * file already loaded is recognised by its SHA-256 and skipped). New files of a closed period
 * run that period (its release at the close, or a correction charged to its ledger); new files
 * of an open period are loaded and their features computed, and nothing is released. Then, if
 * nothing was released, the oldest closed period some trips file is about that was never released gets
 * its release: that is the release at the close of a period whose files all came before it.
 * Nothing new and nothing waiting: nothing is committed, scored or spent.
 */
export async function nightlyRun(
  connection: DuckDBConnection,
  options: Omit<RunPipelineOptions, 'ingested' | 'periodId'> & {
    /** The period this job is about to run (called before anything else is done with it). */
    onNewFiles?: (periodId: string) => Promise<void>;
  },
): Promise<NightlyRunOutcome> {
  const now = options.now ?? new Date();
  const ingest = await measureStage(() => ingestFiles(connection, { inputs: options.inputs, progress: options.progress }));
  const fresh = ingest.value.files.filter((file) => file.status === 'loaded' && file.kind === 'trips');
  let open: OpenPeriodRun | undefined;
  if (fresh.length > 0) {
    const periodId = await periodOfLoads(
      connection,
      fresh.map((file) => file.loadId),
      options.timeZone,
    );
    await options.onNewFiles?.(periodId);
    const result = await runPipeline(connection, { ...options, now, periodId, ingested: ingest });
    if (result.status === 'released') return { status: 'ran', result };
    open = result;
  }
  const waiting = await firstUnreleasedClosedPeriod(connection, options.timeZone, options.formula.formula.release.grace_days, now);
  if (waiting !== undefined) {
    await options.onNewFiles?.(waiting);
    const result = await runPipeline(connection, { ...options, now, periodId: waiting, ingested: ingest });
    if (result.status === 'released') return { status: 'ran', result };
  }
  return open ? { status: 'open', result: open } : { status: 'nothing-new', ingest: ingest.value };
}
