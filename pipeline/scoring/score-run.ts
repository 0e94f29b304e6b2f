import type { DrandRound } from '../drand/drand-round.js';
import { BIGINT, INTEGER, UBIGINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { BulkHasher } from '../commitments/bulk-hasher.js';
import { fieldFromHex, fieldToHex } from '../commitments/field-encoding.js';
import { awardLeafRow } from '../commitments/award-leaf.js';
import { buildTopTree } from '../commitments/build-top-tree.js';
import type { PoseidonHasher } from '../commitments/poseidon/poseidon-hasher.js';
import { appendColumns } from '../db/append-columns.js';
import { inTransaction } from '../db/in-transaction.js';
import { readSqlFile } from '../db/read-sql-file.js';
import { ConfigError } from '../errors/config-error.js';
import { PeriodOpenError } from '../errors/period-open-error.js';
import { UsageError } from '../errors/usage-error.js';
import { parsePeriod } from '../features/period.js';
import { drawOffset, drawOutcomes, drawRandom } from '../draw/index.js';
import { allocateAwards } from './allocate-awards.js';
import { formulaDrawOf } from './formula-numbers.js';
import { FEATURE_NAMES } from './feature-names.js';
import type { LoadedFormula } from './load-formula.js';
import { noisyScore } from './noisy-score.js';
import { isPeriodClosed, periodCloseOf } from './period-close.js';
import { scoreOf } from './score.js';
import type { ScoreNoisePrivacy } from './score-noise-privacy.js';
import { checkScoreBudget, readScoreReleases, scoreReleaseRow } from './score-release.js';

export interface Beacon {
  /** The beacon as given (hex), published in the manifest. */
  hex: string;
  value: bigint;
  /** A demo beacon (derived from the data root) is fine for the samples, never for a real period. */
  demo: boolean;
  /** The drand round the beacon is the randomness of (its signature is the proof); absent for a demo or hand-given beacon. */
  drand?: DrandBeacon;
}

/** A drand round with the network it is of: what the manifest publishes for `stones verify` to check offline. */
export interface DrandBeacon extends DrandRound {
  chain_hash: string;
}

export interface ScoreRunOptions {
  runId: string;
  beacon: Beacon;
  formula: LoadedFormula;
  hasher: BulkHasher;
  poseidon: PoseidonHasher;
  /** The time the period's close is judged at (default: now). */
  now?: Date;
}

export interface ScoreResult {
  runId: string;
  users: number;
  totalNoisy: bigint;
  remainder: bigint;
  awardRoot: bigint;
  /** The period's stone draw. */
  draw: DrawSummary;
  /** The run was already scored with this beacon: nothing was drawn again. */
  reused: boolean;
}

export interface DrawSummary {
  /** D, the stones offered (the formula's draw.stones). */
  stones: bigint;
  /** W, the sum of entries * noisy score. */
  total: bigint;
  /** Owners with entries, and their entries. */
  entrants: number;
  entries: bigint;
  /** Stones won: D when W > 0, else 0. */
  won: bigint;
}

const READ_DRAW_SUMMARY_SQL = `
  SELECT count(*) FILTER (WHERE entries > 0), coalesce(sum(entries), 0)::BIGINT, coalesce(sum(draw_wins), 0)::BIGINT
  FROM run_users WHERE run_id = $1`;

async function readDrawSummary(connection: DuckDBConnection, runId: string, stones: bigint, total: bigint): Promise<DrawSummary> {
  const [entrants, entries, won] = (await connection.runAndReadAll(READ_DRAW_SUMMARY_SQL, [runId])).getRows()[0] ?? [0, 0n, 0n];
  return { stones, total, entrants: Number(entrants), entries: BigInt(entries as bigint), won: BigInt(won as bigint) };
}

interface RunRow {
  period: string;
  timeZone: string;
  dataRoot: string;
  status: string;
  formulaSha256: string;
  pool: bigint;
  batchSize: number;
  batches: number;
  beacon: string | null;
  awardRoot: string | null;
  totalNoisy: bigint | null;
  remainder: bigint | null;
  drawTotal: bigint | null;
  users: number;
}

async function readRun(connection: DuckDBConnection, runId: string): Promise<RunRow> {
  const reader = await connection.runAndReadAll(
    `SELECT period, time_zone, data_root, status, formula_sha256, pool, batch_size, batches, beacon, award_root, total_noisy, remainder, users, draw_total
     FROM runs WHERE run_id = $1`,
    [runId],
  );
  const row = reader.getRows()[0];
  if (!row) throw new UsageError(`no run ${runId}: commit the period first (stones commit --period P)`);
  const [period, timeZone, dataRoot, status, formulaSha256, pool, batchSize, batches, beacon, awardRoot, totalNoisy, remainder, users, drawTotal] = row;
  return {
    period: String(period),
    timeZone: String(timeZone),
    dataRoot: String(dataRoot),
    status: String(status),
    formulaSha256: String(formulaSha256),
    pool: BigInt(pool as bigint),
    batchSize: Number(batchSize),
    batches: Number(batches),
    beacon: beacon === null ? null : String(beacon),
    awardRoot: awardRoot === null ? null : String(awardRoot),
    totalNoisy: totalNoisy === null ? null : BigInt(totalNoisy as bigint),
    remainder: remainder === null ? null : BigInt(remainder as bigint),
    drawTotal: drawTotal === null ? null : BigInt(drawTotal as bigint),
    users: Number(users),
  };
}

interface ScoredUser {
  userId: string;
  tag: bigint;
  salt: bigint;
  entries: bigint;
  features: bigint[];
}

async function readRunUsers(connection: DuckDBConnection, runId: string, period: string): Promise<ScoredUser[]> {
  const reader = await connection.runAndReadAll(
    `SELECT u.user_id, u.user_tag, s.salt, u.entries, ${FEATURE_NAMES.map((f) => `u.${f}`).join(', ')}
     FROM run_users AS u JOIN salts AS s ON s.period = $2 AND s.user_id = u.user_id
     WHERE u.run_id = $1
     ORDER BY u.batch, u.leaf_index`,
    [runId, period],
  );
  return reader.getRows().map(([userId, tag, salt, entries, ...features]) => ({
    userId: String(userId),
    tag: fieldFromHex(String(tag)),
    salt: fieldFromHex(String(salt)),
    entries: BigInt(entries as bigint),
    features: features.map((f) => BigInt(f as bigint)),
  }));
}

/** Records the beacon before anything is drawn from it; a run's beacon never changes. */
async function fixBeacon(connection: DuckDBConnection, runId: string, run: RunRow, beacon: Beacon): Promise<void> {
  if (run.beacon !== null) {
    if (run.beacon !== fieldToHex(beacon.value)) {
      throw new UsageError(`run ${runId} was already scored with beacon ${run.beacon}; a run's beacon is fixed once drawn`);
    }
    return;
  }
  await connection.run(`UPDATE runs SET beacon = $2, beacon_recorded_at = now(), demo_beacon = $3, beacon_drand = $4 WHERE run_id = $1 AND beacon IS NULL`, [
    runId,
    fieldToHex(beacon.value),
    beacon.demo,
    beacon.drand === undefined ? null : JSON.stringify(beacon.drand),
  ]);
}

async function storeScores(
  connection: DuckDBConnection,
  run: { runId: string; period: string; timeZone: string; dataRoot: string },
  users: readonly ScoredUser[],
  results: {
    scores: bigint[];
    coins: number[];
    noisy: bigint[];
    awards: bigint[];
    drawCounts: bigint[];
    drawWins: bigint[];
    awardLeaves: bigint[];
    batchRoots: bigint[];
  },
  summary: { awardRoot: bigint; totalNoisy: bigint; remainder: bigint; drawTotal: bigint; drawOffset: bigint; privacy: ScoreNoisePrivacy },
): Promise<void> {
  const { runId } = run;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE scored_users (user_id VARCHAR, score BIGINT, coins INTEGER, noisy_score BIGINT, award UBIGINT, award_leaf VARCHAR, draw_count UBIGINT, draw_wins UBIGINT)`,
  );
  await appendColumns(
    connection,
    'scored_users',
    [VARCHAR, BIGINT, INTEGER, BIGINT, UBIGINT, VARCHAR, UBIGINT, UBIGINT],
    [
      users.map((u) => u.userId),
      results.scores,
      results.coins,
      results.noisy,
      results.awards,
      results.awardLeaves.map(fieldToHex),
      results.drawCounts,
      results.drawWins,
    ],
  );
  await connection.run(`CREATE OR REPLACE TEMP TABLE scored_batches (batch INTEGER, award_root VARCHAR)`);
  await appendColumns(connection, 'scored_batches', [INTEGER, VARCHAR], [results.batchRoots.map((_, b) => b), results.batchRoots.map(fieldToHex)]);
  try {
    await inTransaction(connection, async () => {
      await connection.run(readSqlFile('pipeline/scoring/store-user-scores.sql'), { run_id: runId });
      await connection.run(readSqlFile('pipeline/scoring/store-batch-award-roots.sql'), { run_id: runId });
      await connection.run(readSqlFile('pipeline/scoring/mark-run-scored.sql'), {
        run_id: runId,
        award_root: fieldToHex(summary.awardRoot),
        total_noisy: summary.totalNoisy.toString(),
        remainder: summary.remainder.toString(),
        draw_total: summary.drawTotal.toString(),
        draw_offset: summary.drawOffset.toString(),
      });
      // The release is charged in the same transaction that stores what it releases.
      await connection.run(readSqlFile('pipeline/statistics/insert-ledger-row.sql'), scoreReleaseRow(run, summary.privacy));
    });
  } finally {
    await connection.run('DROP TABLE IF EXISTS scored_users; DROP TABLE IF EXISTS scored_batches;');
  }
}

/**
 * Whether a committed, unscored run may release its period's scores now: the period is closed
 * (else PeriodOpenError) and one more release fits the period's score budget (else
 * PrivacyBudgetError). The score stage checks it before recording the beacon; the run layer
 * also checks it before asking a beacon source, so a refused release waits for nothing.
 */
export async function checkScoreRelease(connection: DuckDBConnection, options: { runId: string; formula: LoadedFormula; now?: Date }): Promise<void> {
  const run = await readRun(connection, options.runId);
  if (run.awardRoot !== null) return;
  await releasePrivacy(connection, run, options.formula.formula, options.now);
}

async function releasePrivacy(connection: DuckDBConnection, run: RunRow, formula: LoadedFormula['formula'], now = new Date()): Promise<ScoreNoisePrivacy> {
  const period = parsePeriod(run.period, run.timeZone);
  if (!isPeriodClosed(period, formula.release.grace_days, now)) {
    const closes = periodCloseOf(period, formula.release.grace_days).toISOString();
    throw new PeriodOpenError(
      `period ${run.period} closes at ${closes} (its end plus ${formula.release.grace_days} grace days for late files): its scores are released once, at the close`,
    );
  }
  // An unscored run has no ledger row yet: its row is written with its scores.
  return checkScoreBudget(run.period, await readScoreReleases(connection, run.period), formula);
}

/**
 * The score stage: the published formula on each committed owner's features, verifiable
 * binomial noise on the lattice kZ from the beacon and the owner's salt, and awards that share
 * the pool. This is the period's score release: refused before the period's close
 * (PeriodOpenError) and when the period's score releases would exceed its budget
 * (PrivacyBudgetError), both before the beacon is recorded or any coin drawn; charged to the
 * privacy ledger in the transaction that stores the scores. Refuses a run whose data root was
 * not recorded, or a second beacon for a run; a run already scored is returned as it is.
 */
export async function scoreRun(connection: DuckDBConnection, options: ScoreRunOptions): Promise<ScoreResult> {
  const { formula } = options.formula;
  const run = await readRun(connection, options.runId);
  if (run.formulaSha256 !== options.formula.sha256) {
    throw new ConfigError(`run ${options.runId} was committed under formula ${run.formulaSha256.slice(0, 12)}…, not ${options.formula.sha256.slice(0, 12)}…`);
  }
  if (run.awardRoot !== null && run.totalNoisy !== null && run.remainder !== null) {
    await fixBeacon(connection, options.runId, run, options.beacon);
    return {
      runId: options.runId,
      users: run.users,
      totalNoisy: run.totalNoisy,
      remainder: run.remainder,
      awardRoot: fieldFromHex(run.awardRoot),
      draw: await readDrawSummary(connection, options.runId, BigInt(formulaDrawOf(formula).stones), run.drawTotal ?? 0n),
      reused: true,
    };
  }
  const privacy = await releasePrivacy(connection, run, formula, options.now);
  await fixBeacon(connection, options.runId, run, options.beacon);
  const users = await readRunUsers(connection, options.runId, run.period);
  const scores = users.map((u) => scoreOf(formula, Object.fromEntries(FEATURE_NAMES.map((f, k) => [f, u.features[k] as bigint])) as never));
  const coins = await options.hasher.countCoins(
    options.beacon.value,
    users.map((u) => u.salt),
    formula.noise.n,
  );
  const noisy = scores.map((score, k) => noisyScore(formula, score, coins[k] as number));
  const { total, awards, remainder } = allocateAwards(run.pool, noisy);
  // The draw: weights entries * noisy score in the committed order, one offset from the beacon.
  const weights = users.map((u, k) => u.entries * (noisy[k] as bigint));
  const drawTotal = weights.reduce((sum, w) => sum + w, 0n);
  const offset = drawOffset(drawRandom(options.poseidon, options.beacon.value, run.period), drawTotal);
  const draw = drawOutcomes({ stones: BigInt(formulaDrawOf(formula).stones), offset }, weights);
  const drawWins = draw.outcomes.map((o) => o.wins);
  const awardLeaves = await options.hasher.hashRows(users.map((u, k) => awardLeafRow(u.tag, noisy[k] as bigint, awards[k] as bigint, drawWins[k] as bigint)));
  const padded = [...awardLeaves, ...new Array<bigint>(run.batches * run.batchSize - users.length).fill(0n)];
  const groups = Array.from({ length: run.batches }, (_, b) => padded.slice(b * run.batchSize, (b + 1) * run.batchSize));
  const batchRoots = await options.hasher.buildTrees(groups);
  const awardRoot = (await buildTopTree(options.hasher, batchRoots)).root;
  await storeScores(
    connection,
    { runId: options.runId, period: run.period, timeZone: run.timeZone, dataRoot: run.dataRoot },
    users,
    { scores, coins, noisy, awards, drawCounts: draw.outcomes.map((o) => o.count), drawWins, awardLeaves, batchRoots },
    { awardRoot, totalNoisy: total, remainder, drawTotal, drawOffset: offset, privacy },
  );
  const drawSummary: DrawSummary = {
    stones: BigInt(formulaDrawOf(formula).stones),
    total: drawTotal,
    entrants: users.filter((u) => u.entries > 0n).length,
    entries: users.reduce((sum, u) => sum + u.entries, 0n),
    won: drawWins.reduce((sum, w) => sum + w, 0n),
  };
  return { runId: options.runId, users: users.length, totalNoisy: total, remainder, awardRoot, draw: drawSummary, reused: false };
}
