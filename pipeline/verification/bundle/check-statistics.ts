import { safeParseVersioned, type Manifest } from '../../formats/index.js';
import { compare as compareRational, parseRational, type Rational } from '../../privacy/rational.js';
import { noiseParameter } from '../../privacy/noise.js';
import type { Formula } from '../../scoring/parse-formula.js';
import { planRelease } from '../../statistics/release-plan.js';
import { policySha256 } from '../../statistics/policy-sha256.js';
import type { CheckLog } from './check-log.js';

type Json = Record<string, unknown>;

const DECIMAL = /^-?(0|[1-9][0-9]*)$/;

function rationalOf(text: unknown): Rational | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return parseRational(text);
  } catch {
    return undefined;
  }
}

function sameRational(a: unknown, b: Rational): boolean {
  const value = rationalOf(a);
  return value !== undefined && compareRational(value, b) === 0;
}

/** A released integer with an interval around it (whole numbers as decimal strings). */
function checkReleased(log: CheckLog, where: string, value: unknown, interval: unknown): void {
  const { low, high } = (interval ?? {}) as Json;
  if (typeof value !== 'string' || !DECIMAL.test(value) || typeof low !== 'string' || !DECIMAL.test(low) || typeof high !== 'string' || !DECIMAL.test(high)) {
    log.fail('stats.noise', `${where}: value and interval must be whole numbers`);
  } else if (!(BigInt(low) <= BigInt(value) && BigInt(value) <= BigInt(high))) {
    log.fail('stats.noise', `${where}: the interval [${low}, ${high}] does not hold the released value ${value}`);
  }
}

/**
 * Every noised statistic against the plan the published policy gives (pipeline/statistics/
 * release-plan.ts): its mechanism, its exact noise scale, its sensitivity and its cost, so a
 * statistic released with less noise than the policy buys, or none, fails. The released values
 * themselves are noisy and cannot be checked; their intervals must hold them.
 */
function checkNoise(log: CheckLog, stats: Json, formula: Formula): void {
  const policy = formula.statistics;
  if (!policy) return;
  const published = new Map((Array.isArray(stats.statistics) ? (stats.statistics as Json[]) : []).map((s) => [s.name, s]));
  for (const planned of planRelease(policy).statistics) {
    const entry = published.get(planned.name);
    if (entry === undefined) {
      log.fail('stats.noise', `${planned.name}: missing from stats.json`);
      continue;
    }
    if (entry.mechanism !== planned.noise.mechanism)
      log.fail('stats.noise', `${planned.name}: mechanism ${String(entry.mechanism)}, the policy's is ${planned.noise.mechanism}`);
    if (!sameRational(entry.scale, noiseParameter(planned.noise))) log.fail('stats.noise', `${planned.name}: scale ${String(entry.scale)} is not the policy's`);
    const sensitivity = (entry.sensitivity ?? {}) as Json;
    if (sensitivity.l1 !== planned.sensitivity.l1.toString() || sensitivity.l2_squared !== planned.sensitivity.l2Squared.toString()) {
      log.fail(
        'stats.noise',
        `${planned.name}: sensitivity ${String(sensitivity.l1)}, ${String(sensitivity.l2_squared)}; the policy gives ${planned.sensitivity.l1}, ${planned.sensitivity.l2Squared}`,
      );
    }
    const cost = (entry.cost ?? {}) as Json;
    if (!sameRational(cost.rho, planned.cost.rho)) log.fail('stats.noise', `${planned.name}: cost rho ${String(cost.rho)} is not what its noise costs`);
    if (planned.kind === 'histogram') {
      const bins = Array.isArray(entry.bins) ? (entry.bins as Json[]) : [];
      const labels = planned.histogram?.labels ?? [];
      if (bins.map((b) => b.bin).join('\u0000') !== labels.join('\u0000'))
        log.fail('stats.noise', `${planned.name}: the bins are not the policy's public bins`);
      for (const b of bins) checkReleased(log, `${planned.name}[${String(b.bin)}]`, b.value, b.interval);
    } else checkReleased(log, planned.name, entry.value, entry.interval);
  }
}

/** The release's cost is the plan's, the run spent it (or nothing when republishing), and the period stayed within its budget. */
function checkBudget(log: CheckLog, stats: Json, formula: Formula): void {
  const policy = formula.statistics;
  if (!policy) return;
  const plan = planRelease(policy);
  const releaseCost = (stats.release_cost ?? {}) as Json;
  if (!sameRational(releaseCost.rho, plan.cost.rho))
    log.fail('stats.budget', `release_cost.rho ${String(releaseCost.rho)}, the policy's statistics cost ${plan.cost.rho.num}/${plan.cost.rho.den}`);
  const spent = (stats.spent_by_this_run ?? {}) as Json;
  const expectedSpent = stats.republished === true ? parseRational('0') : plan.cost.rho;
  if (!sameRational(spent.rho, expectedSpent))
    log.fail('stats.budget', `spent_by_this_run.rho ${String(spent.rho)}, expected ${stats.republished === true ? '0 (republished)' : 'the release cost'}`);
  const budget = (stats.budget ?? {}) as Json;
  if (!sameRational(budget.period_budget_rho, parseRational(policy.period_budget_rho)))
    log.fail('stats.budget', `period_budget_rho ${String(budget.period_budget_rho)} is not the policy's ${policy.period_budget_rho}`);
  const after = rationalOf(((budget.spent_after ?? {}) as Json).rho);
  if (after === undefined) log.fail('stats.budget', 'budget.spent_after.rho is missing');
  else if (compareRational(after, parseRational(policy.period_budget_rho)) > 0)
    log.fail('stats.budget', `the period spent rho ${String(((budget.spent_after ?? {}) as Json).rho)}, over its budget ${policy.period_budget_rho}`);
}

/** The release is this run's, under this formula and its policy (the schema says nothing of whose it is). */
function checkIdentity(log: CheckLog, s: Json, manifest: Manifest, policy: NonNullable<Formula['statistics']>): void {
  if (s.format !== 'stones-statistics/1') log.fail('stats.format', `format is ${String(s.format)}, not stones-statistics/1`);
  if (s.run_id !== manifest.run_id) log.fail('stats.format', `stats.json is of run ${String(s.run_id)}, the manifest of ${manifest.run_id}`);
  if (s.formula_sha256 !== manifest.formula.sha256) log.fail('stats.format', 'stats.json names another formula than the manifest');
  if (s.policy_sha256 !== policySha256(policy)) log.fail('stats.format', "policy_sha256 is not the hash of formula.json's statistics policy");
}

/**
 * stats.json (the fleet statistics) against the published policy: the same run and formula,
 * every statistic noised at the policy's scale for its sensitivity, the budget respected.
 */
export function checkStatistics(log: CheckLog, manifest: Manifest, formula: Formula | undefined, stats: unknown): void {
  if (formula === undefined) {
    for (const name of ['stats.format', 'stats.noise', 'stats.budget'] as const) log.skip(name, 'formula.json could not be read');
    return;
  }
  if (formula.statistics === undefined) {
    for (const name of ['stats.format', 'stats.noise', 'stats.budget'] as const) log.notApplicable(name, 'the formula has no statistics policy');
    return;
  }
  if (stats === undefined || typeof stats !== 'object' || stats === null || Array.isArray(stats)) {
    log.fail('stats.format', 'stats.json is missing or not a JSON object');
  } else {
    const s = stats as Json;
    const parsed = safeParseVersioned('stats', stats);
    if (!parsed.ok) for (const problem of parsed.problems) log.fail('stats.format', problem);
    if (parsed.ok || parsed.version === undefined) checkIdentity(log, s, manifest, formula.statistics);
  }
  if (log.failed('stats.format')) {
    log.skip('stats.noise', 'stats.json could not be read');
    log.skip('stats.budget', 'stats.json could not be read');
    return;
  }
  checkNoise(log, stats as Json, formula);
  checkBudget(log, stats as Json, formula);
}
