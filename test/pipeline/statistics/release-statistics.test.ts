import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase, type Database } from '../../../pipeline/db/index.js';
import { PrivacyBudgetError } from '../../../pipeline/errors/index.js';
import { parsePeriod } from '../../../pipeline/features/index.js';
import { writeTripsFile } from '../../../pipeline/generate/index.js';
import { runPipeline } from '../../../pipeline/run/index.js';
import { STATISTIC_NAMES, type LoadedFormula } from '../../../pipeline/scoring/index.js';
import {
  computeTrueStatistics,
  readPeriodLedger,
  releaseStatistics,
  type NoisedStatisticJson,
  type StatisticsRelease,
} from '../../../pipeline/statistics/index.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { CountingRandomSource, countRows, formulaWith, PEPPER, scoredRun, worstCaseDay } from './statistics-fixture.js';

// The statistics stage over one database: a first release spends, a re-run of the same data
// republishes the same values and spends nothing, new data for the period is a new release
// that spends again, and a release over the period's budget is refused before any noise is
// drawn, with nothing recorded and no stats.json written. (Each run's score release has its
// own ledger row, written by the score stage: the statistics stage never writes it.)

let dir: string;
let database: Database;
let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;
let inputs: string[];
let runId: string;
let scoreRowsBeforeStatistics: Awaited<ReturnType<typeof readPeriodLedger>>;
let first: StatisticsRelease;
let source: CountingRandomSource;

const period = parsePeriod('2026-10', 'UTC');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-statistics-'));
  // One release costs rho 0.25: a budget of 0.6 allows two, and refuses the third. Each run
  // below also releases the period's scores (epsilon 1.9884 each): a score budget of 8 lets
  // the three runs be scored, so that the statistics budget is what refuses the third.
  formula = await formulaWith((json) => {
    json.statistics.period_budget_rho = '0.6';
    (json.release as { period_epsilon: number }).period_epsilon = 8;
  });
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 1 });
  database = await openDatabase(join(dir, 'stones.duckdb'));
  ({ inputs } = await writeGeneratedInputs(dir, { users: 20, days: 31, seed: 77, start: '2026-10-01' }));
  runId = await scoredRun(database.connection, { inputs, formula, hasher, poseidon });
  scoreRowsBeforeStatistics = await readPeriodLedger(database.connection, '2026-10');
  source = new CountingRandomSource('release test');
  first = (await releaseStatistics(database.connection, { runId, formula, random: source }))!;
}, 120_000);

afterAll(async () => {
  await hasher?.close();
  database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function noised(release: StatisticsRelease): NoisedStatisticJson[] {
  return release.statistics.filter((s): s is NoisedStatisticJson => s.kind !== 'ratio');
}

describe('a first release', () => {
  it('publishes every statistic of the issue through a mechanism, with scale, interval and cost', () => {
    expect(first.republished).toBe(false);
    expect(first.statistics.map((s) => s.name)).toEqual([...STATISTIC_NAMES, 'adas_share', 'km_per_active_user']);
    for (const statistic of noised(first)) {
      expect(['discrete_gaussian', 'discrete_laplace'], statistic.name).toContain(statistic.mechanism);
      expect(statistic.scale_value, statistic.name).toBeGreaterThan(0);
      expect(Number(statistic.sensitivity.l1), statistic.name).toBeGreaterThan(0);
      expect(statistic.cost.rho_value, statistic.name).toBeGreaterThan(0);
      const values = statistic.kind === 'histogram' ? statistic.bins : [statistic];
      for (const { value, interval } of values) {
        expect(BigInt(interval.low) <= BigInt(value) && BigInt(value) <= BigInt(interval.high), statistic.name).toBe(true);
        expect(BigInt(interval.high) > BigInt(interval.low), statistic.name).toBe(true);
      }
    }
    expect(noised(first).find((s) => s.name === 'active_users')?.mechanism).toBe('discrete_laplace');
    expect(first.release_cost.rho_value).toBeCloseTo(0.25, 6);
    expect(first.release_cost.rho_value).toBeLessThanOrEqual(0.25);
    expect(first.spent_by_this_run).toEqual(first.release_cost);
    expect(first.budget.spent_before.rho).toBe('0');
    expect(first.budget.spent_after.rho).toBe(first.release_cost.rho);
    expect(first.budget.remaining_rho_value).toBeCloseTo(0.35, 6);
    expect(first.budget.spent_after.epsilon).toBeGreaterThan(0);
    expect(first.score_noise).toMatchObject({ mechanism: 'binomial', k: 114, n: 128, sensitivity: '228', lattice_shift: 2, delta: 1e-8, runs_in_period: 1 });
    expect(first.score_noise.epsilon).toBeCloseTo(1.9884, 4);
    expect(first.score_noise.epsilon_in_period).toBeCloseTo(1.9884, 4);
    expect(first.period_total.epsilon).toBeCloseTo(first.budget.spent_after.epsilon + (first.score_noise.epsilon as number), 9);
    expect(first.period_total.delta).toBeCloseTo(2e-8, 20);
  });

  it('publishes no statistic without noise: the released values are not the true ones', async () => {
    const truth = await computeTrueStatistics(database.connection, { period, policy: formula.formula.statistics!, runId });
    const trueValues: Record<string, bigint[]> = {
      active_users: [truth.activeUsers],
      total_km: [truth.totalKm],
      total_adas_km: [truth.totalAdasKm],
      km_by_region: [...truth.kmByRegion.values()],
      trips_by_hour: [...truth.tripsByHour.values()],
      score_histogram: [...truth.scoreHistogram.values()],
    };
    let equal = 0;
    let all = 0;
    for (const statistic of noised(first)) {
      const released = (statistic.kind === 'histogram' ? statistic.bins : [statistic]).map((v) => BigInt(v.value));
      const expected = trueValues[statistic.name]!;
      expect(released).toHaveLength(expected.length);
      expect(released, statistic.name).not.toEqual(expected);
      equal += released.filter((value, i) => value === expected[i]).length;
      all += released.length;
    }
    // Only the Laplace count (scale 5) and the score bins (sigma 5) can land on the truth by chance.
    expect(equal).toBeLessThan(all / 4);
    expect(source.draws).toBeGreaterThan(0);
  });

  it('records one ledger row per statistic; the score release of the run has the one row its scoring wrote', async () => {
    // Scoring wrote the run's score release, before any statistic was drawn.
    expect(scoreRowsBeforeStatistics).toHaveLength(1);
    expect(scoreRowsBeforeStatistics[0]).toMatchObject({ runId, mechanism: 'binomial', statistic: 'score_noise' });
    const rows = await readPeriodLedger(database.connection, '2026-10');
    expect(rows).toHaveLength(STATISTIC_NAMES.length + 1);
    expect(new Set(rows.filter((r) => r.mechanism !== 'binomial').map((r) => r.releaseId))).toEqual(new Set([first.release_id]));
    const binomial = rows.filter((r) => r.mechanism === 'binomial');
    expect(binomial).toEqual(scoreRowsBeforeStatistics);
    expect(binomial[0]).toMatchObject({
      runId,
      releaseId: `2026-10-scores-${runId.slice(-12)}`,
      statistic: 'score_noise',
      rho: null,
      epsilonValue: 1.9884,
      delta: 1e-8,
      sensitivityL1: 228n,
      scale: '114',
    });
    for (const statistic of noised(first)) {
      const row = rows.find((r) => r.statistic === statistic.name)!;
      expect(row).toMatchObject({
        runId,
        period: '2026-10',
        timeZone: 'UTC',
        dataFingerprint: first.data_fingerprint,
        mechanism: statistic.mechanism,
        scale: statistic.scale,
        rho: statistic.cost.rho,
      });
      expect(JSON.parse(row.released)).toEqual(statistic);
    }
  });

  it('holds no user id, per-user value or feature column', async () => {
    const text = JSON.stringify(first);
    const users = (await database.connection.runAndReadAll('SELECT user_id FROM trips UNION SELECT user_id FROM owners')).getRows().map((r) => String(r[0]));
    for (const user of users) expect(text).not.toContain(user);
    for (const key of [
      'user_id',
      'user_tag',
      'salt',
      'score',
      'noisy_score',
      'active_days',
      'trips',
      'km',
      'adas_km',
      'night_km',
      'distinct_regions',
      'tenure_days',
    ]) {
      expect(text).not.toContain(`"${key}"`);
    }
  });
});

describe('a re-run of the same data', () => {
  it('republishes the same values, draws nothing and spends nothing', async () => {
    const rowsBefore = await countRows(database.connection, 'privacy_ledger');
    const spy = new CountingRandomSource('another seed');
    const again = (await releaseStatistics(database.connection, { runId, formula, random: spy }))!;
    expect(spy.draws).toBe(0);
    expect(await countRows(database.connection, 'privacy_ledger')).toBe(rowsBefore);
    expect(again.republished).toBe(true);
    expect(again.release_id).toBe(first.release_id);
    expect(again.statistics).toEqual(first.statistics);
    expect(again.released_at).toBe(first.released_at);
    expect(again.release_cost).toEqual(first.release_cost);
    expect(again.spent_by_this_run.rho).toBe('0');
    expect(again.budget.spent_before).toEqual(first.budget.spent_after);
    expect(again.budget.spent_after).toEqual(first.budget.spent_after);
  });
});

describe('new data for the period', () => {
  let second: StatisticsRelease;
  let secondRun: string;

  beforeAll(async () => {
    // A late file: an owner enrolled on 10-01 whose day of driving came in late.
    const more = join(dir, 'more.csv');
    await writeTripsFile(worstCaseDay('u-late-upload', '2026-10-20', 'more'), more);
    const moreOwners = join(dir, 'more-owners.csv');
    writeFileSync(moreOwners, 'user_id,enrolled_on\nu-late-upload,2026-10-01\n');
    secondRun = await scoredRun(database.connection, { inputs: [more, moreOwners], formula, hasher, poseidon });
    second = (await releaseStatistics(database.connection, { runId: secondRun, formula, random: new CountingRandomSource('second') }))!;
  }, 60_000);

  it('is a new release that spends again, and the ledger shows both', async () => {
    expect(secondRun).not.toBe(runId);
    expect(second.republished).toBe(false);
    expect(second.release_id).not.toBe(first.release_id);
    expect(second.data_fingerprint).not.toBe(first.data_fingerprint);
    expect(second.spent_by_this_run.rho_value).toBeCloseTo(0.25, 6);
    expect(second.budget.spent_before).toEqual(first.budget.spent_after);
    expect(second.budget.spent_after.rho_value).toBeCloseTo(0.5, 6);
    expect(second.budget.releases).toBe(2);
    expect(second.score_noise.runs_in_period).toBe(2);
    expect(second.score_noise.epsilon_in_period).toBeCloseTo(2 * (second.score_noise.epsilon as number), 9);
    const rows = await readPeriodLedger(database.connection, '2026-10');
    expect(new Set(rows.filter((r) => r.mechanism !== 'binomial').map((r) => r.releaseId))).toEqual(new Set([first.release_id, second.release_id]));
    expect(
      rows
        .filter((r) => r.mechanism === 'binomial')
        .map((r) => r.runId)
        .sort(),
    ).toEqual([runId, secondRun].sort());
    expect(rows).toHaveLength(2 * (STATISTIC_NAMES.length + 1));
  });

  it('a release over the budget is refused before any noise is drawn: nothing recorded, no stats.json', async () => {
    const third = join(dir, 'third.csv');
    await writeTripsFile(worstCaseDay('u-later-still', '2026-10-21', 'third'), third);
    const thirdOwners = join(dir, 'third-owners.csv');
    writeFileSync(thirdOwners, 'user_id,enrolled_on\nu-later-still,2026-10-01\n');
    const thirdRun = await scoredRun(database.connection, { inputs: [third, thirdOwners], formula, hasher, poseidon });
    const rowsBefore = await countRows(database.connection, 'privacy_ledger');
    const spy = new CountingRandomSource('third');
    const refusal = await releaseStatistics(database.connection, { runId: thirdRun, formula, random: spy }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PrivacyBudgetError);
    expect((refusal as PrivacyBudgetError).code).toBe('privacy_budget_exceeded');
    expect((refusal as Error).message).toMatch(
      /^period 2026-10 has spent rho 0\.5 of its budget 0\.6 on statistics; this release would spend 0\.25 more \(0\.75 in all\), so it is refused before any statistic is drawn: nothing recorded, nothing published/,
    );
    expect(spy.draws).toBe(0);
    expect(await countRows(database.connection, 'privacy_ledger')).toBe(rowsBefore);

    // The whole run stops there too: no run folder, no stats.json.
    const out = join(dir, 'out');
    const run = runPipeline(database.connection, { inputs: [third, thirdOwners], timeZone: 'UTC', formula, pepper: PEPPER, outDir: out, hasher, poseidon });
    await expect(run).rejects.toThrow(PrivacyBudgetError);
    expect(existsSync(join(out, thirdRun))).toBe(false);
    expect(await countRows(database.connection, 'privacy_ledger')).toBe(rowsBefore);
  }, 60_000);
});
