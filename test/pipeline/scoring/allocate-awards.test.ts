import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allocateAwards } from '../../../pipeline/scoring/index.js';

/** Pseudo-random but reproducible values below 2^bits. */
function values(count: number, bits: number, seed: string): bigint[] {
  return Array.from({ length: count }, (_, i) => BigInt(`0x${createHash('sha256').update(`${seed}-${i}`).digest('hex')}`) % (1n << BigInt(bits)));
}

function checkInvariants(pool: bigint, noisy: bigint[]): void {
  const { total, awards, remainder } = allocateAwards(pool, noisy);
  expect(total).toBe(noisy.reduce((sum, x) => sum + x, 0n));
  expect(awards).toHaveLength(noisy.length);
  expect(awards.reduce((sum, x) => sum + x, 0n) + remainder).toBe(pool);
  expect(remainder >= 0n).toBe(true);
  if (total === 0n) return;
  // Every award is floor(pool * noisy / S); rounding loses less than one stone per user.
  expect(remainder < BigInt(Math.max(noisy.length, 1))).toBe(true);
  for (const [i, award] of awards.entries()) {
    const share = pool * noisy[i]!;
    expect(award * total <= share && share < (award + 1n) * total).toBe(true);
  }
}

describe('allocateAwards', () => {
  it('rounds every award down, worked by hand', () => {
    // S = 1 + 2 + 3 + 0 = 6; pool 100: 100*1/6 = 16.67 -> 16, 100*2/6 = 33.33 -> 33,
    // 100*3/6 = 50, 0; sum 99, remainder 1.
    expect(allocateAwards(100n, [1n, 2n, 3n, 0n])).toEqual({ total: 6n, awards: [16n, 33n, 50n, 0n], remainder: 1n });
  });

  it('gives all awards 0 and keeps the pool when S = 0', () => {
    expect(allocateAwards(1000n, [0n, 0n, 0n])).toEqual({ total: 0n, awards: [0n, 0n, 0n], remainder: 1000n });
    expect(allocateAwards(1000n, [])).toEqual({ total: 0n, awards: [], remainder: 1000n });
  });

  it('shares out noisy scores on the lattice kZ, worked by hand', () => {
    // The published k = 114: noisy scores 0, 114, 228, 342 (0 to 3 steps). S = 684; pool 1000:
    // 1000*114/684 = 166.67 -> 166, 1000*228/684 = 333.33 -> 333, 1000*342/684 = 500; sum 999, remainder 1.
    expect(allocateAwards(1000n, [0n, 114n, 228n, 342n])).toEqual({ total: 684n, awards: [0n, 166n, 333n, 500n], remainder: 1n });
  });

  it('gives one user the whole pool', () => {
    expect(allocateAwards(1_000_000n, [17n])).toEqual({ total: 17n, awards: [1_000_000n], remainder: 0n });
  });

  it('keeps sum(awards) + remainder == pool and award * S <= pool * noisy < (award + 1) * S', () => {
    checkInvariants(1_000_000n, values(5000, 16, 'small'));
    checkInvariants(1_000_000n, values(3000, 40, 'wide'));
    checkInvariants(2n ** 64n - 1n, values(2000, 40, 'widest'));
    checkInvariants(0n, values(100, 20, 'empty-pool'));
    checkInvariants(7n, values(1000, 10, 'tiny-pool'));
    checkInvariants(1_000_000n, [...values(500, 30, 'mixed'), 0n, 0n, 2n ** 40n - 1n]);
    // The widest of everything: the largest pool and noisy scores all at 2^40 - 1.
    checkInvariants(
      2n ** 64n - 1n,
      Array.from({ length: 100 }, () => 2n ** 40n - 1n),
    );
    // Noisy scores are multiples of k (here the published 114).
    checkInvariants(
      1_000_000n,
      values(2000, 16, 'lattice').map((v) => 114n * v),
    );
  });

  it('refuses values the circuits cannot take (an internal error)', () => {
    expect(() => allocateAwards(-1n, [1n])).toThrow(/pool must be in \[0, 2\^64\)/);
    expect(() => allocateAwards(2n ** 64n, [1n])).toThrow(/pool/);
    expect(() => allocateAwards(10n, [1n, -1n])).toThrow(/noisy score 1 must be in \[0, 2\^40\), got -1/);
    expect(() => allocateAwards(10n, [2n ** 40n])).toThrow(/noisy score 0 must be in \[0, 2\^40\), got 1099511627776/);
    expect(allocateAwards(10n, [2n ** 40n - 1n]).awards).toEqual([10n]);
    // More users than 2^24 (the check comes before any value is read: the array may be empty slots).
    expect(() => allocateAwards(10n, new Array<bigint>(2 ** 24 + 1))).toThrow(/at most 2\^24 users per period, got 16777217/);
  });
});
