import type { DuckDBConnection } from '@duckdb/node-api';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { recordStage, type RunAttempt, type StageCounts } from '../history/index.js';
import { publishRun, type PublishResult } from '../publishing/index.js';
import type { LoadedFormula } from '../scoring/index.js';
import { releaseStatistics, type StatisticsRelease } from '../statistics/index.js';
import { withOutputErrors } from './output-errors.js';

export interface PublishStagesOptions {
  formula: LoadedFormula;
  outDir: string;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  /** The run's owners, for the stage record. */
  users: number;
}

/**
 * The statistics and publish stages of a scored run, recorded in run_stages under the attempt:
 * the period's DP statistics (republished, not drawn again, on a second run), then the run
 * folder <out>/<run_id>/ (the proofs of the same run kept).
 */
export async function publishStages(
  connection: DuckDBConnection,
  attempt: RunAttempt,
  options: PublishStagesOptions,
): Promise<{ statistics?: StatisticsRelease; publish: PublishResult }> {
  const { runId } = attempt;
  const { formula, hasher, poseidon } = options;
  const statistics = await recordStage(attempt, 'statistics', () => releaseStatistics(connection, { runId, formula }), {
    counts: (s): StageCounts => (s ? { release_id: s.release_id, republished: s.republished } : { release_id: null }),
  });
  const publish = await recordStage(
    attempt,
    'publish',
    () => withOutputErrors(options.outDir, () => publishRun(connection, { runId, outDir: options.outDir, formula, poseidon, hasher, statistics })),
    { counts: (p) => ({ users: options.users, run_dir: p.runDir }) },
  );
  return { statistics, publish };
}
