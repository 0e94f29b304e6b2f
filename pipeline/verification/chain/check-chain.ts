import { monthsBetween, nextPeriodId, previousPeriodId } from '../../features/adjacent-period.js';
import type { Manifest } from '../../publishing/manifest.js';
import { manifestRecordSha256 } from '../../publishing/manifest-record-sha256.js';
import type { Formula } from '../../scoring/formula.js';
import { CheckLog } from '../bundle/check-log.js';
import { CHAIN_CHECKS, type ChainCheckName, type ChainCheckResult } from './chain-checks.js';

/** One bundle of the chain, read and verified on its own. */
export interface ChainRelease {
  dir: string;
  manifest: Manifest;
  formula?: Formula;
  /** The bundle's own verdict (stones verify), and the checks it failed or could not run. */
  verified: boolean;
  notPassed: string[];
}

/** What the chain adds up to, over the releases in force (a corrected period counts its last release). */
export interface ChainTotals {
  periods: number;
  firstPeriod?: string;
  lastPeriod?: string;
  /** What the first period carried in (0 for the programme's first period). */
  carriedIn: bigint;
  /** The formulas' pools, one per period: the stones the periods brought. */
  newStones: bigint;
  awarded: bigint;
  /** The last period's remainder: carried into the month after. */
  remainder: bigint;
  /** Releases replaced by a correction (not in the totals). */
  replaced: number;
}

export interface ChainCheck {
  checks: ChainCheckResult[];
  totals: ChainTotals;
  /** The releases in force, by period. */
  inForce: ChainRelease[];
}

/**
 * The checks across bundles: one time zone; each period once (or corrected with release
 * indexes 1, 2, ... naming the same previous release); months that follow one another; each
 * release naming the month before's release in force by run id and record SHA-256, carrying
 * its remainder; totals that add up; and, when the formula publishes a plan, periods inside it
 * and a whole plan year giving out its total. `releases` may come in any order.
 */
export function checkChain(releases: readonly ChainRelease[]): ChainCheck {
  const log = new CheckLog<ChainCheckName>(CHAIN_CHECKS);
  const failedBundles = releases.filter((release) => !release.verified);
  for (const release of failedBundles)
    log.fail('chain.bundles', `${release.manifest.run_id} (${release.manifest.period}) does not verify: ${release.notPassed.join(', ')}`);

  const zones = new Set(releases.map((release) => release.manifest.time_zone));
  if (zones.size > 1) log.fail('chain.time_zone', `periods in ${[...zones].join(' and ')}`);

  const byPeriod = new Map<string, ChainRelease[]>();
  for (const release of releases) byPeriod.set(release.manifest.period, [...(byPeriod.get(release.manifest.period) ?? []), release]);
  const periods = [...byPeriod.keys()].sort();
  const inForce: ChainRelease[] = [];
  let replaced = 0;
  for (const period of periods) {
    const ofPeriod = (byPeriod.get(period) ?? []).sort((a, b) => a.manifest.privacy.release.index - b.manifest.privacy.release.index);
    checkCorrections(log, period, ofPeriod);
    inForce.push(ofPeriod.at(-1) as ChainRelease);
    replaced += ofPeriod.length - 1;
  }

  for (let k = 1; k < periods.length; k++) {
    const [before, after] = [periods[k - 1] as string, periods[k] as string];
    const gap = monthsBetween(before, after) - 1;
    if (gap > 0) {
      const missing = gap === 1 ? `${nextPeriodId(before)} is missing` : `the ${gap} months ${nextPeriodId(before)} to ${previousPeriodId(after)} are missing`;
      log.fail('chain.missing', `${before} is followed by ${after}: ${missing}`);
    }
  }

  const first = inForce[0];
  if (first === undefined) {
    for (const { name } of CHAIN_CHECKS) log.skip(name, 'no bundle given');
  } else {
    checkStart(log, byPeriod.get(first.manifest.period) ?? []);
    for (let k = 1; k < inForce.length; k++) {
      const before = inForce[k - 1] as ChainRelease;
      const period = (inForce[k] as ChainRelease).manifest.period;
      // Across a gap the release carried from is not among the bundles: chain.missing names it.
      if (monthsBetween(before.manifest.period, period) !== 1) continue;
      for (const release of byPeriod.get(period) ?? []) checkLink(log, before, release);
    }
  }

  const totals = totalsOf(inForce, replaced);
  if (log.failed('chain.missing')) log.skip('chain.totals', 'a period is missing: its pool and awards are not in the sums');
  else if (first !== undefined) {
    const brought = totals.newStones + totals.carriedIn;
    if (totals.awarded + totals.remainder !== brought) {
      log.fail(
        'chain.totals',
        `awarded ${totals.awarded} + remainder ${totals.remainder} = ${totals.awarded + totals.remainder}, the pools ${totals.newStones} + carried in ${totals.carriedIn} = ${brought}`,
      );
    }
  }
  if (first !== undefined) checkPlan(log, inForce, totals);
  return { checks: log.results(), totals, inForce };
}

/** A period's releases: indexes 1..m, each once, all carrying on from the same release. */
function checkCorrections(log: CheckLog<ChainCheckName>, period: string, ofPeriod: readonly ChainRelease[]): void {
  const runIds = new Set<string>();
  ofPeriod.forEach((release, k) => {
    const { run_id, privacy } = release.manifest;
    if (runIds.has(run_id)) log.fail('chain.duplicates', `run ${run_id} (${period}) is given twice`);
    runIds.add(run_id);
    if (privacy.release.index !== k + 1) {
      log.fail(
        'chain.duplicates',
        `${period} is published ${ofPeriod.length} times with release numbers ${ofPeriod.map((r) => r.manifest.privacy.release.index).join(', ')}: a period has release 1 and then corrections 2, 3, ...`,
      );
    }
  });
  const previous = new Set(ofPeriod.map((release) => release.manifest.previous?.manifest_sha256 ?? 'none'));
  if (previous.size > 1)
    log.fail('chain.duplicates', `the releases of ${period} carry on from different releases: a correction re-releases its period from the same start`);
}

function checkStart(log: CheckLog<ChainCheckName>, ofFirst: readonly ChainRelease[]): void {
  for (const release of ofFirst) {
    const { manifest } = release;
    if (manifest.previous === null) {
      if (BigInt(manifest.carried_in) !== 0n)
        log.fail('chain.start', `${manifest.run_id} (${manifest.period}) names no previous release but carries ${manifest.carried_in} in`);
    } else {
      log.notApplicable(
        'chain.start',
        `the chain starts from run ${manifest.previous.run_id} (${manifest.previous.period}), not among the bundles: its ${manifest.carried_in} carried in is taken as given`,
      );
    }
  }
}

function checkLink(log: CheckLog<ChainCheckName>, before: ChainRelease, release: ChainRelease): void {
  const { manifest } = release;
  const named = manifest.previous;
  const who = `${manifest.run_id} (${manifest.period})`;
  if (named === null) {
    log.fail('chain.links', `${who} names no previous release, but ${before.manifest.period} comes before it`);
    return;
  }
  if (named.run_id !== before.manifest.run_id) {
    log.fail('chain.links', `${who} carries on from run ${named.run_id}, the release in force of ${before.manifest.period} is ${before.manifest.run_id}`);
  } else if (named.manifest_sha256 !== manifestRecordSha256(before.manifest)) {
    log.fail(
      'chain.links',
      `${who} names record ${named.manifest_sha256.slice(0, 16)}… of run ${named.run_id}, its bundle's record is ${manifestRecordSha256(before.manifest).slice(0, 16)}…`,
    );
  }
  if (manifest.carried_in !== before.manifest.remainder) {
    log.fail(
      'chain.remainders',
      `${who} carries ${manifest.carried_in} in, ${before.manifest.run_id} (${before.manifest.period}) left ${before.manifest.remainder}`,
    );
  }
}

function totalsOf(inForce: readonly ChainRelease[], replaced: number): ChainTotals {
  const first = inForce[0]?.manifest;
  const last = inForce.at(-1)?.manifest;
  return {
    periods: inForce.length,
    firstPeriod: first?.period,
    lastPeriod: last?.period,
    carriedIn: BigInt(first?.carried_in ?? 0),
    // pool = the formula's pool + carried_in (each bundle's own `pool` check): what the period brought.
    newStones: inForce.reduce((sum, release) => sum + BigInt(release.manifest.pool) - BigInt(release.manifest.carried_in), 0n),
    awarded: inForce.reduce((sum, release) => sum + BigInt(release.manifest.total_awards), 0n),
    remainder: BigInt(last?.remainder ?? 0),
    replaced,
  };
}

/**
 * A formula's plan: `periods` months from `first_period`, `total` stones in all. Every period
 * of a formula with a plan lies in it; when the bundles cover the whole plan, what it gave out
 * (awards plus the last remainder, less what the first period carried in) is its total.
 */
function checkPlan(log: CheckLog<ChainCheckName>, inForce: readonly ChainRelease[], totals: ChainTotals): void {
  const planned = inForce.filter((release) => release.formula?.plan !== undefined);
  if (planned.length === 0) {
    log.notApplicable('chain.plan', 'the formulas publish no plan');
    return;
  }
  const plans = new Map(planned.map((release) => [JSON.stringify({ ...release.formula?.plan, total: release.formula?.plan?.total.toString() }), release]));
  if (plans.size > 1 || planned.length !== inForce.length) {
    log.fail(
      'chain.plan',
      `the bundles' formulas publish ${plans.size} different plans${planned.length !== inForce.length ? ` and ${inForce.length - planned.length} periods have none` : ''}: a chain is checked one plan at a time`,
    );
    return;
  }
  const plan = (planned[0] as ChainRelease).formula?.plan as NonNullable<Formula['plan']>;
  for (const release of inForce) {
    const offset = monthsBetween(plan.first_period, release.manifest.period);
    if (offset < 0 || offset >= plan.periods)
      log.fail('chain.plan', `${release.manifest.period} is outside the plan (${plan.periods} periods from ${plan.first_period})`);
  }
  if (log.failed('chain.plan')) return;
  if (inForce.length < plan.periods || totals.firstPeriod !== plan.first_period) {
    log.notApplicable(
      'chain.plan',
      `the bundles cover ${inForce.length} of the plan's ${plan.periods} periods: its total of ${plan.total} is checked on the whole plan`,
    );
    return;
  }
  if (totals.newStones !== plan.total) {
    log.fail('chain.plan', `the plan's ${plan.periods} periods brought ${totals.newStones} stones, its total is ${plan.total}`);
  }
}
