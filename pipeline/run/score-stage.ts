import type { DuckDBConnection } from '@duckdb/node-api';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import type { PoseidonHasher } from '../commitments/poseidon/index.js';
import { recordStage, type RunAttempt } from '../history/index.js';
import { checkScoreRelease, scoreRun, type Beacon, type LoadedFormula, type ScoreResult } from '../scoring/index.js';
import { checkStatisticsRelease } from '../statistics/index.js';

export interface ScoreStageOptions {
  /** The run's beacon, or how to get it: asked inside the stage, so a source that fails marks the run failed in score. */
  beacon: Beacon | (() => Promise<Beacon>);
  formula: LoadedFormula;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  /** The time the stage judges the period's close at (default: now). */
  now?: Date;
}

/**
 * The score stage of a committed run, recorded in run_stages under the attempt: the noise from
 * the beacon, the scores and awards. A release the period cannot make (not closed yet, its
 * score or statistics budget spent) is refused before a beacon is asked for or anything is
 * recorded. Safe to run again: the recorded beacon and scores are reused.
 */
export async function scoreStage(
  connection: DuckDBConnection,
  attempt: RunAttempt,
  options: ScoreStageOptions,
): Promise<{ beacon: Beacon; score: ScoreResult }> {
  const { runId } = attempt;
  const { formula, hasher, poseidon } = options;
  let beacon: Beacon | undefined;
  const score = await recordStage(
    attempt,
    'score',
    async () => {
      await checkScoreRelease(connection, { runId, formula, now: options.now });
      await checkStatisticsRelease(connection, { runId, formula });
      beacon = typeof options.beacon === 'function' ? await options.beacon() : options.beacon;
      return scoreRun(connection, { runId, beacon, formula, hasher, poseidon, now: options.now });
    },
    {
      counts: (s) => ({
        users: s.users,
        total_noisy: s.totalNoisy.toString(),
        remainder: s.remainder.toString(),
        reused: s.reused,
        demo_beacon: beacon?.demo ?? null,
      }),
    },
  );
  if (beacon === undefined) throw new Error('scoreStage: the score stage ran without a beacon');
  return { beacon, score };
}
