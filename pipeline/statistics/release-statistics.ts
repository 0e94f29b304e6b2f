import { policySha256 } from './policy-sha256.js';
import { VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { inTransaction } from '../db/in-transaction.js';
import { PrivacyBudgetError } from '../errors/privacy-budget-error.js';
import { UsageError } from '../errors/usage-error.js';
import { parsePeriod, type Period } from '../features/period.js';
import { add as addRational, compare as compareRational, parseRational, rationalToNumber, subtract as subtractRational } from '../privacy/rational.js';
import { composeCosts, NO_COST, type PrivacyCost } from '../privacy/privacy-accounting.js';
import { CryptoRandomSource, type RandomSource } from '../privacy/random-source.js';
import { scoreNoisePrivacy } from '../scoring/score-noise-privacy.js';
import { STATISTIC_NAMES, type StatisticsPolicy } from '../scoring/statistics-policy.js';
import type { LoadedFormula } from '../scoring/load-formula.js';
import { dataFingerprint, releaseIdOf } from './data-fingerprint.js';
import { deriveStatistics } from './derived-statistics.js';
import { drawStatistics } from './draw-statistics.js';
import { costJson, exactText } from './exact-text.js';
import { accountPeriod, costOfRow, spentJson } from './period-accounting.js';
import { insertLedgerRows, readPeriodLedger, type LedgerRow } from './privacy-ledger.js';
import { planRelease } from './release-plan.js';
import type { NoisedStatisticJson, ScoreNoiseJson, StatisticsRelease } from './statistics-release.js';
import { SCHEMA_VERSIONS } from '../formats/index.js';
import { computeTrueStatistics } from './true-statistics.js';

export interface ReleaseStatisticsOptions {
  runId: string;
  /** The formula the run was committed under; its `statistics` section is the policy. */
  formula: LoadedFormula;
  /** Where the noise comes from: node:crypto by default (a SeededRandomSource is for tests and audits only). */
  random?: RandomSource;
}

interface RunRow {
  period: string;
  timeZone: string;
  status: string;
  formulaSha256: string;
  dataRoot: string;
}

async function readRun(connection: DuckDBConnection, runId: string): Promise<RunRow> {
  const reader = await connection.runAndReadAll('SELECT period, time_zone, status, formula_sha256, data_root FROM runs WHERE run_id = $1', [runId], [VARCHAR]);
  const row = reader.getRows()[0];
  if (!row) throw new UsageError(`no run ${runId}: commit the period first (stones commit --period P)`);
  const [period, timeZone, status, formulaSha256, dataRoot] = row.map(String) as [string, string, string, string, string];
  return { period, timeZone, status, formulaSha256, dataRoot };
}

/**
 * The statistics stage: releases the fleet statistics of a scored run (its period's trips,
 * its scores) under the formula's privacy policy, records them in `privacy_ledger` and returns
 * what `bundle/stats.json` publishes. Undefined when the formula has no statistics policy.
 *
 * - Same data as a release already recorded (same data fingerprint): its values are
 *   republished as they were drawn; nothing is drawn, nothing spent, no row added.
 * - Otherwise the release's cost is known from the policy alone, and a release that would
 *   take the period's spending (all its releases, whatever their time zone) past its budget
 *   is refused with a PrivacyBudgetError before any data is read or any noise drawn.
 * - Then every statistic is drawn through a mechanism, and all its ledger rows are inserted in
 *   one transaction. (The run's score release has its own row, written by the score stage.)
 */
export async function releaseStatistics(connection: DuckDBConnection, options: ReleaseStatisticsOptions): Promise<StatisticsRelease | undefined> {
  const policy = options.formula.formula.statistics;
  if (policy === undefined) return undefined;
  const run = await readRun(connection, options.runId);
  if (run.formulaSha256 !== options.formula.sha256) {
    throw new UsageError(`run ${options.runId} was committed under another formula (${run.formulaSha256.slice(0, 12)}…)`);
  }
  if (run.status !== 'scored' && run.status !== 'published') {
    throw new UsageError(`run ${options.runId} is not scored yet: its statistics are released when it is scored (stones score)`);
  }
  const period = parsePeriod(run.period, run.timeZone);
  const { fingerprint } = await dataFingerprint(connection, { period, formulaSha256: run.formulaSha256, dataRoot: run.dataRoot });
  const releaseId = releaseIdOf(period.id, fingerprint);
  const before = await readPeriodLedger(connection, period.id);
  const previous = before.filter((row) => row.dataFingerprint === fingerprint && row.mechanism !== 'binomial');
  const republished = previous.length > 0;
  const identity = { releaseId, runId: options.runId, period: period.id, timeZone: period.timeZone, dataFingerprint: fingerprint };

  let statistics: NoisedStatisticJson[];
  let rows: LedgerRow[];
  if (republished) {
    statistics = sortByName(previous.map((row) => JSON.parse(row.released) as NoisedStatisticJson));
    rows = [];
  } else {
    const plan = planRelease(policy);
    checkBudget(period.id, accountPeriod(before).statistics, plan.cost, policy); // before any data is read or noise drawn
    const truth = await computeTrueStatistics(connection, { period, policy, runId: options.runId });
    statistics = drawStatistics(plan, truth, policy, options.random ?? new CryptoRandomSource());
    rows = statistics.map((statistic) => statisticRow(identity, statistic));
  }
  if (rows.length > 0) {
    await inTransaction(connection, async () => {
      if (!republished) {
        // Nothing else writes the ledger (one writer per database file); checked again all the same.
        const now = await readPeriodLedger(connection, period.id);
        if (now.some((row) => row.dataFingerprint === fingerprint && row.mechanism !== 'binomial'))
          throw new Error(`statistics: release ${releaseId} was recorded while it was drawn`);
        checkBudget(period.id, accountPeriod(now).statistics, composeCosts(rows.filter((r) => r.mechanism !== 'binomial').map(costOfRow)), policy);
      }
      await insertLedgerRows(connection, rows);
    });
  }
  const after = await readPeriodLedger(connection, period.id);
  return releaseDocument({ policy, period, formula: options.formula, runId: options.runId, releaseId, fingerprint, republished, statistics, before, after });
}

/**
 * Whether the statistics release of a committed run would fit the period's budget: checked
 * before the run's scores are drawn, so a run the statistics budget would stop is refused
 * before anything (beacon, scores, the score release's charge) is recorded. Data already
 * released republishes and costs nothing. releaseStatistics checks again when it draws.
 */
export async function checkStatisticsRelease(connection: DuckDBConnection, options: { runId: string; formula: LoadedFormula }): Promise<void> {
  const policy = options.formula.formula.statistics;
  if (policy === undefined) return;
  const run = await readRun(connection, options.runId);
  const period = parsePeriod(run.period, run.timeZone);
  const { fingerprint } = await dataFingerprint(connection, { period, formulaSha256: run.formulaSha256, dataRoot: run.dataRoot });
  const before = await readPeriodLedger(connection, period.id);
  if (before.some((row) => row.dataFingerprint === fingerprint && row.mechanism !== 'binomial')) return;
  checkBudget(period.id, accountPeriod(before).statistics, planRelease(policy).cost, policy);
}

function checkBudget(periodId: string, spent: PrivacyCost, cost: PrivacyCost, policy: StatisticsPolicy): void {
  const budget = parseRational(policy.period_budget_rho);
  const total = addRational(spent.rho, cost.rho);
  if (compareRational(total, budget) <= 0) return;
  throw new PrivacyBudgetError(
    `period ${periodId} has spent rho ${shortNumber(spent.rho)} of its budget ${policy.period_budget_rho} on statistics; ` +
      `this release would spend ${shortNumber(cost.rho)} more (${shortNumber(total)} in all), so it is refused before any statistic is drawn: nothing recorded, nothing published ` +
      `(stones privacy ledger --period ${periodId} shows the ledger)`,
  );
}

function shortNumber(value: ReturnType<typeof parseRational>): string {
  return String(Number(rationalToNumber(value).toPrecision(6)));
}

function sortByName(statistics: NoisedStatisticJson[]): NoisedStatisticJson[] {
  return statistics.sort((a, b) => STATISTIC_NAMES.indexOf(a.name) - STATISTIC_NAMES.indexOf(b.name));
}

type RowIdentity = Pick<LedgerRow, 'releaseId' | 'runId' | 'period' | 'timeZone' | 'dataFingerprint'>;

function statisticRow(identity: RowIdentity, statistic: NoisedStatisticJson): LedgerRow {
  return {
    ...identity,
    statistic: statistic.name,
    mechanism: statistic.mechanism,
    sensitivityL1: BigInt(statistic.sensitivity.l1),
    sensitivityL2Squared: BigInt(statistic.sensitivity.l2_squared),
    scale: statistic.scale,
    rho: statistic.cost.rho,
    rhoValue: statistic.cost.rho_value,
    epsilon: statistic.cost.epsilon,
    epsilonValue: statistic.cost.epsilon_value,
    delta: null,
    released: JSON.stringify(statistic),
  };
}

function releaseDocument(input: {
  policy: StatisticsPolicy;
  period: Period;
  formula: LoadedFormula;
  runId: string;
  releaseId: string;
  fingerprint: string;
  republished: boolean;
  statistics: NoisedStatisticJson[];
  before: readonly LedgerRow[];
  after: readonly LedgerRow[];
}): StatisticsRelease {
  const { policy, period, after } = input;
  const delta = policy.report_delta;
  const ownRows = after.filter((row) => row.releaseId === input.releaseId && row.mechanism !== 'binomial');
  const releaseCost = composeCosts(ownRows.map(costOfRow));
  const account = accountPeriod(after);
  const spentBefore = input.republished ? account.statistics : accountPeriod(input.before).statistics;
  const budget = parseRational(policy.period_budget_rho);
  const spentAfter = spentJson(account.statistics, delta);
  const privacy = scoreNoisePrivacy(input.formula.formula);
  const scoreNoise: ScoreNoiseJson = {
    mechanism: 'binomial',
    n: privacy.n,
    k: privacy.k,
    sensitivity: privacy.sensitivity.toString(),
    lattice_shift: privacy.latticeShift,
    noise_sd: privacy.noiseSd,
    epsilon: privacy.epsilon,
    delta: privacy.delta,
    runs_in_period: account.scoreNoise.runs,
    epsilon_in_period: Number.isFinite(account.scoreNoise.epsilon) ? account.scoreNoise.epsilon : null,
    delta_in_period: account.scoreNoise.delta,
  };
  const totalEpsilon = spentAfter.epsilon + account.scoreNoise.epsilon;
  return {
    schema_version: SCHEMA_VERSIONS.stats,
    format: 'stones-statistics/1',
    run_id: input.runId,
    period: period.id,
    time_zone: period.timeZone,
    privacy_unit: input.formula.formula.privacy_unit,
    release_id: input.releaseId,
    data_fingerprint: input.fingerprint,
    republished: input.republished,
    released_at: (ownRows[0]?.recordedAt ?? new Date()).toISOString(),
    formula_sha256: input.formula.sha256,
    policy_sha256: policySha256(policy),
    confidence: policy.confidence,
    statistics: [...input.statistics, ...deriveStatistics(input.statistics, policy.confidence, { kmPerActiveUser: policy.clamps.km_per_day * period.days })],
    release_cost: costJson(releaseCost),
    spent_by_this_run: costJson(input.republished ? NO_COST : releaseCost),
    budget: {
      period_budget_rho: policy.period_budget_rho,
      report_delta: delta,
      spent_before: spentJson(spentBefore, delta),
      spent_after: spentAfter,
      remaining_rho: exactText(subtractRational(budget, account.statistics.rho)),
      remaining_rho_value: rationalToNumber(subtractRational(budget, account.statistics.rho)),
      releases: account.releases.length,
    },
    score_noise: scoreNoise,
    period_total: { epsilon: Number.isFinite(totalEpsilon) ? totalEpsilon : null, delta: spentAfter.delta + account.scoreNoise.delta },
    accounting:
      "Privacy unit: one day of one user's driving. Statistics: each release is the composition of its statistics " +
      '(discrete Gaussian: rho-zCDP; discrete Laplace: pure epsilon, i.e. epsilon^2/2-zCDP); the releases of a period add up ' +
      `against its budget of rho ${policy.period_budget_rho}, reported as (epsilon, delta) at delta ${delta} by the CKS20 conversion ` +
      "(or as pure epsilon when every release is pure and that is smaller). Score noise: each release of the period's scores " +
      '(binomial noise on the lattice kZ, epsilon certified per user-day by the exact privacy-loss distribution of Binomial(n, 1/2) ' +
      'at every lattice shift one user-day can cause), added over the score releases of the period. period_total adds both by basic ' +
      'composition (epsilons add, deltas add). A run over data already released republishes its values and spends nothing.',
  };
}
