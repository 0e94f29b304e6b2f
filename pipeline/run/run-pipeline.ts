import type { DuckDBConnection } from '@duckdb/node-api';
import { computeFeatures, DEFAULT_DAILY_CAPS, parsePeriod, type Period } from '../features/index.js';
import { ingestFiles, type IngestProgress, type IngestSummary } from '../ingest/index.js';
import { periodOfLoads } from './period-of-loads.js';

export interface RunPipelineOptions {
  inputs: readonly string[];
  /** 'YYYY-MM'; by default the month most trips of the input files started in. */
  periodId?: string;
  timeZone: string;
  progress?: IngestProgress;
}

export interface RunPipelineResult {
  ingest: IngestSummary;
  period: Period;
  featureUsers: number;
}

/**
 * The embedded run: every stage in this process, in order, over one DuckDB connection. The
 * job layer calls the same stage functions; later stages (statistics, commitments, scores,
 * proofs, publishing) join here as they are built.
 */
export async function runPipeline(connection: DuckDBConnection, options: RunPipelineOptions): Promise<RunPipelineResult> {
  if (options.periodId) parsePeriod(options.periodId, options.timeZone); // refuse a bad period before loading anything
  const ingest = await ingestFiles(connection, { inputs: options.inputs, progress: options.progress });
  const periodId =
    options.periodId ?? (await periodOfLoads(connection, ingest.files.map((f) => f.loadId), options.timeZone));
  const period = parsePeriod(periodId, options.timeZone);
  const { users } = await computeFeatures(connection, { period, caps: DEFAULT_DAILY_CAPS });
  return { ingest, period, featureUsers: users };
}
