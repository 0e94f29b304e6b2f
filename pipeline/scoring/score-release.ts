import type { DuckDBConnection } from '@duckdb/node-api';
import { readSqlFile } from '../db/read-sql-file.js';
import { PrivacyBudgetError } from '../errors/privacy-budget-error.js';
import type { Formula } from './formula.js';
import { scoreNoisePrivacy, type ScoreNoisePrivacy } from './score-noise-privacy.js';

/** One release of a period's scores, as the privacy ledger records it (mechanism 'binomial'). */
interface ScoreRelease {
  runId: string;
  epsilon: number;
  delta: number;
  recordedAt: Date;
}

/** What a period has spent on score releases: epsilons and deltas add (basic composition). */
export interface ScoreReleaseAccount {
  releases: ScoreRelease[];
  epsilon: number;
  delta: number;
}

export async function readScoreReleases(connection: DuckDBConnection, periodId: string): Promise<ScoreReleaseAccount> {
  const reader = await connection.runAndReadAll(readSqlFile('pipeline/scoring/read-score-releases.sql'), { period: periodId });
  const releases = reader.getRowObjectsJS().map((row) => ({
    runId: String(row.run_id),
    epsilon: Number(row.epsilon_value),
    delta: Number(row.delta),
    recordedAt: new Date(Number(row.recorded_ms)),
  }));
  return {
    releases,
    epsilon: releases.reduce((sum, release) => sum + release.epsilon, 0),
    delta: releases.reduce((sum, release) => sum + release.delta, 0),
  };
}

/**
 * Refuses a release of a period's scores that would take the period's score releases past the
 * formula's `release.period_epsilon` (composed by basic composition: a correction after late
 * data is a second release over neighbouring data, so its epsilon adds). Thrown before the
 * beacon is recorded or any coin drawn.
 */
export function checkScoreBudget(periodId: string, spent: ScoreReleaseAccount, formula: Formula): ScoreNoisePrivacy {
  const privacy = scoreNoisePrivacy(formula);
  const budget = formula.release.period_epsilon;
  const total = spent.epsilon + privacy.epsilon;
  // Each release's epsilon is a 4-decimal figure: compare with a margin far below that grid.
  if (total > budget + 1e-9) {
    throw new PrivacyBudgetError(
      `period ${periodId} has released its scores ${spent.releases.length} time(s), epsilon ${round(spent.epsilon)} of its score budget ${budget}; ` +
        `another release costs epsilon ${privacy.epsilon} (${round(total)} in all), so it is refused before any coin is drawn: nothing recorded, nothing published ` +
        `(stones privacy ledger --period ${periodId} shows the ledger)`,
    );
  }
  return privacy;
}

/** The ledger row of one score release, with the figures the manifest reports. */
export function scoreReleaseRow(
  run: { runId: string; period: string; timeZone: string; dataRoot: string },
  privacy: ScoreNoisePrivacy,
): Record<string, string | number | null> {
  const released = {
    mechanism: 'binomial',
    n: privacy.n,
    k: privacy.k,
    sensitivity: privacy.sensitivity.toString(),
    lattice_shift: privacy.latticeShift,
    epsilon: privacy.epsilon,
    delta: privacy.delta,
    noise_sd: privacy.noiseSd,
  };
  return {
    release_id: `${run.period}-scores-${run.runId.slice(-12)}`,
    run_id: run.runId,
    period: run.period,
    time_zone: run.timeZone,
    // A score release is of the committed data: its data root identifies it.
    data_fingerprint: run.dataRoot,
    statistic: 'score_noise',
    mechanism: 'binomial',
    sensitivity_l1: privacy.sensitivity.toString(),
    sensitivity_l2_squared: (privacy.sensitivity * privacy.sensitivity).toString(),
    scale: String(privacy.k),
    rho: null,
    rho_value: null,
    epsilon: String(privacy.epsilon),
    epsilon_value: privacy.epsilon,
    delta: privacy.delta,
    released: JSON.stringify(released),
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
