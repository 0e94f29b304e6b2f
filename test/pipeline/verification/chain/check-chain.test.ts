import { describe, expect, it } from 'vitest';
import { manifestRecordSha256, type Manifest } from '../../../../pipeline/publishing/index.js';
import { parseFormula, type Formula } from '../../../../pipeline/scoring/index.js';
import { checkChain, type ChainCheckName, type ChainRelease } from '../../../../pipeline/verification/chain/index.js';
import { nextPeriodId } from '../../../../pipeline/features/index.js';

// The chain checks on made-up manifests: only the fields the chain reads are filled in; every
// link is computed as publish computes it (manifestRecordSha256 of the release before).

const POOL = 1000n;

interface Period {
  period: string;
  awarded: bigint;
  index?: number;
}

function release(manifest: Manifest, formula?: Formula): ChainRelease {
  return { dir: `/bundles/${manifest.run_id}`, manifest, formula, verified: true, notPassed: [] };
}

function manifestOf(period: string, runId: string, carriedIn: bigint, awarded: bigint, previous: Manifest | undefined, index = 1): Manifest {
  const pool = POOL + carriedIn;
  return {
    run_id: runId,
    period,
    time_zone: 'UTC',
    pool: pool.toString(),
    carried_in: carriedIn.toString(),
    previous: previous === undefined ? null : { run_id: previous.run_id, period: previous.period, manifest_sha256: manifestRecordSha256(previous) },
    total_awards: awarded.toString(),
    remainder: (pool - awarded).toString(),
    privacy: { release: { index } },
  } as unknown as Manifest;
}

/** A consistent chain: each period carries the last remainder on. */
function chainOf(periods: readonly Period[]): Manifest[] {
  const manifests: Manifest[] = [];
  let inForce: Manifest | undefined;
  let before: Manifest | undefined;
  for (const { period, awarded, index } of periods) {
    if ((index ?? 1) === 1) before = inForce;
    const manifest = manifestOf(period, `${period}-run${index ?? 1}`, BigInt(before?.remainder ?? 0), awarded, before, index);
    manifests.push(manifest);
    inForce = manifest;
  }
  return manifests;
}

function months(first: string, count: number, awarded = 900n): Period[] {
  const out: Period[] = [];
  let period = first;
  for (let k = 0; k < count; k++, period = nextPeriodId(period)) out.push({ period, awarded: awarded + BigInt(k) });
  return out;
}

function failed(manifests: readonly Manifest[], formula?: Formula): ChainCheckName[] {
  return checkChain(manifests.map((m) => release(m, formula)))
    .checks.filter((c) => c.status === 'failed')
    .map((c) => c.name);
}

function planFormula(first: string, periods: number, total: bigint): Formula {
  return { pool: POOL, plan: { first_period: first, periods, total } } as unknown as Formula;
}

describe('checkChain', () => {
  it('passes three consecutive periods, in any order given, and adds them up', () => {
    const chain = chainOf(months('2026-08', 3));
    const result = checkChain([chain[2]!, chain[0]!, chain[1]!].map((m) => release(m)));
    expect(result.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(result.totals).toMatchObject({
      periods: 3,
      firstPeriod: '2026-08',
      lastPeriod: '2026-10',
      carriedIn: 0n,
      newStones: 3000n,
      awarded: 900n + 901n + 902n,
      remainder: 3000n - 2703n,
    });
  });

  it('names a missing period, a period published twice, and a remainder that was not carried', () => {
    const chain = chainOf(months('2026-08', 3));
    const gap = checkChain([chain[0]!, chain[2]!].map((m) => release(m)));
    expect(gap.checks.filter((c) => c.status === 'failed').map((c) => c.name)).toEqual(['chain.missing']);
    expect(gap.checks.find((c) => c.name === 'chain.totals')).toMatchObject({ status: 'skipped', nothingToCheck: false });
    expect(
      checkChain(
        chainOf(months('2026-01', 5))
          .filter((_, k) => k === 0 || k === 4)
          .map((m) => release(m)),
      ).checks[3]?.failures,
    ).toEqual(['2026-01 is followed by 2026-05: the 3 months 2026-02 to 2026-04 are missing']);
    expect(failed([chain[0]!, chain[1]!, chain[1]!, chain[2]!])).toContain('chain.duplicates');
    // The same period released twice, both as release 1 (not a correction).
    const twice = { ...chain[1]!, run_id: 'another-run' } as Manifest;
    expect(failed([chain[0]!, chain[1]!, twice, chain[2]!])).toContain('chain.duplicates');
    // September's carried_in changed, its link to August intact: the remainder check alone sees it.
    const altered = chain.map((m) => ({ ...m })) as Manifest[];
    altered[1] = { ...altered[1]!, carried_in: (BigInt(altered[1]!.carried_in) - 50n).toString(), pool: (BigInt(altered[1]!.pool) - 50n).toString() };
    expect(failed(altered)).toContain('chain.remainders');
    // August's remainder changed: its record no longer has the SHA-256 September names.
    const shrunk = chain.map((m) => ({ ...m })) as Manifest[];
    shrunk[0] = { ...shrunk[0]!, remainder: '0' };
    expect(failed(shrunk)).toEqual(expect.arrayContaining(['chain.links', 'chain.remainders']));
    // The last period's awards inflated (its own award_sums check fails too): the totals no longer add up.
    const inflated = chain.map((m) => ({ ...m })) as Manifest[];
    inflated[2] = { ...inflated[2]!, total_awards: (BigInt(inflated[2]!.total_awards) + 7n).toString() };
    expect(failed(inflated)).toEqual(['chain.totals']);
  });

  it('takes corrections: a period re-released as 2 from the same start, the next period carrying on from the correction', () => {
    const chain = chainOf([
      { period: '2026-08', awarded: 900n },
      { period: '2026-09', awarded: 950n },
      { period: '2026-09', awarded: 970n, index: 2 },
      { period: '2026-10', awarded: 980n },
    ]);
    const result = checkChain(chain.map((m) => release(m)));
    expect(result.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(result.totals).toMatchObject({ periods: 3, replaced: 1, awarded: 900n + 970n + 980n });
    // October carrying on from the replaced release is a broken link.
    const stale = manifestOf('2026-10', '2026-10-stale', BigInt(chain[1]!.remainder), 980n, chain[1]);
    expect(failed([chain[0]!, chain[1]!, chain[2]!, stale])).toContain('chain.links');
    // A correction that starts from another release than the one it corrects.
    const elsewhere = manifestOf('2026-09', '2026-09-x', 0n, 900n, undefined, 2);
    expect(failed([chain[0]!, chain[1]!, elsewhere])).toContain('chain.duplicates');
  });

  it('names a first period that carries stones in from nowhere, and a chain starting mid-way is taken as given', () => {
    const chain = chainOf(months('2026-08', 2));
    const fromNowhere = { ...chain[0]!, carried_in: '10' } as Manifest;
    expect(failed([fromNowhere])).toContain('chain.start');
    const result = checkChain([release(chain[1]!)]);
    expect(result.checks.find((c) => c.name === 'chain.start')).toMatchObject({ status: 'skipped', nothingToCheck: true });
  });

  it('names two time zones', () => {
    const chain = chainOf(months('2026-08', 2));
    expect(failed([chain[0]!, { ...chain[1]!, time_zone: 'Europe/Berlin' } as Manifest])).toContain('chain.time_zone');
  });

  it('holds a whole plan year to its total, and every period to the plan', () => {
    const year = chainOf(months('2026-01', 12));
    const plan = planFormula('2026-01', 12, 12n * POOL);
    expect(failed(year, plan)).toEqual([]);
    expect(checkChain(year.map((m) => release(m, plan))).checks.find((c) => c.name === 'chain.plan')?.status).toBe('passed');
    // A plan that promised more than the periods brought.
    expect(failed(year, planFormula('2026-01', 12, 12n * POOL + 1n))).toContain('chain.plan');
    // Part of the year: nothing to hold the total to yet; a period outside the plan is named.
    const part = checkChain(year.slice(0, 3).map((m) => release(m, plan)));
    expect(part.checks.find((c) => c.name === 'chain.plan')).toMatchObject({ status: 'skipped', nothingToCheck: true });
    expect(failed(chainOf(months('2025-12', 2)), plan)).toContain('chain.plan');
  });

  it('names a bundle that does not verify on its own', () => {
    const chain = chainOf(months('2026-08', 2));
    const result = checkChain([release(chain[0]!), { ...release(chain[1]!), verified: false, notPassed: ['proofs.groth16'] }]);
    expect(result.checks.find((c) => c.name === 'chain.bundles')?.failures[0]).toMatch(/2026-09-run1 \(2026-09\) does not verify: proofs.groth16/);
  });
});

describe('the formula plan', () => {
  const base = {
    id: 'p',
    version: 1,
    pool: '1000',
    features: {
      active_days: { weight: 60, cap: 31, daily_cap: 1 },
      trips: { weight: 12, cap: 100, daily_cap: 4 },
      km: { weight: 1, cap: 1000, daily_cap: 60 },
      adas_km: { weight: 1, cap: 200, daily_cap: 20 },
      night_km: { weight: 1, cap: 200, daily_cap: 20 },
      distinct_regions: { weight: 20, cap: 5, daily_cap: 1 },
      tenure_days: { weight: 1, cap: 365, daily_cap: 0 },
    },
    noise: { k: 114, n: 128, epsilon: 2, delta: 1e-8 },
    batch_size: 32,
    privacy_unit: 'user_day',
    release: { grace_days: 3, period_epsilon: 4 },
  };

  it('is pool x periods, written out; anything else is refused naming plan.total', () => {
    expect(parseFormula({ ...base, plan: { first_period: '2026-01', periods: 12, total: '12000' } }, 'f').plan).toEqual({
      first_period: '2026-01',
      periods: 12,
      total: 12000n,
    });
    expect(() => parseFormula({ ...base, plan: { first_period: '2026-01', periods: 12, total: '12001' } }, 'f')).toThrow(
      /plan\.total: 12001 is not 12 periods of the pool 1000/,
    );
    expect(() => parseFormula({ ...base, plan: { first_period: '2026-13', periods: 12, total: '12000' } }, 'f')).toThrow(/plan\.first_period/);
  });
});
