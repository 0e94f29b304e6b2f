import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { beaconToField, coinCount, coinHash, loadFormula, noisyScore, publishedFormulaPath, type Formula } from '../../../pipeline/scoring/index.js';

// The published noise: k = 114, n = 128 coins, all from one Poseidon([beacon, salt]) per user.
const K = 114;
const N = 128;
const USERS = 20_000;
// Far enough above k * n / 2 = 7296 that the clamp at 0 never applies. 20000 = 114 * 175 + 50:
// the published value is 114 * (175 + C - 64), so noisy - 114 * 175 is the noise k (C - n/2)
// and noisy - score is that noise minus the dropped remainder 50.
const SCORE = 20_000n;
const QUOTIENT = 175;
const REMAINDER = 50;

/** The salt of user i: pseudo-random but reproducible (the test must not be flaky). */
function salt(i: number): bigint {
  return BigInt(`0x${createHash('sha256').update(`salt-${i}`).digest('hex')}`) % BN254_FIELD_MODULUS;
}

describe('binomial noise over many users', () => {
  let formula: Formula;
  let hasher: PoseidonHasher;
  let coins: number[];
  let noise: number[];
  const beacon = beaconToField('0x5eed0000c0ffee');

  beforeAll(async () => {
    formula = (await loadFormula(publishedFormulaPath())).formula;
    expect(formula.noise).toMatchObject({ k: K, n: N });
    hasher = await createCircomlibjsPoseidon();
    coins = [];
    noise = [];
    for (let i = 0; i < USERS; i++) {
      const count = coinCount(hasher, beacon, salt(i), N);
      coins.push(count);
      noise.push(Number(noisyScore(formula, SCORE, count)) - K * QUOTIENT);
    }
  }, 60_000);

  it('has mean 0 and variance k^2 n / 4 on the lattice', () => {
    const mean = noise.reduce((sum, x) => sum + x, 0) / USERS;
    const variance = noise.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (USERS - 1);
    const expectedVariance = (K * K * N) / 4; // 12996 * 128 / 4 = 415872, sd 644.88
    // Standard error of the mean: sqrt(415872 / 20000) = 4.56. Of the variance (nearly normal
    // noise): 415872 * sqrt(2 / 19999) = 4159. Both checked at 4 standard errors.
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expectedVariance / USERS));
    expect(Math.abs(variance - expectedVariance)).toBeLessThan(4 * expectedVariance * Math.sqrt(2 / (USERS - 1)));
  });

  it('publishes k floor(score / k) on average: the remainder is dropped, the noise is centred', () => {
    // noisy - score = k (C - n/2) - 50: a multiple of k minus the remainder, mean -50.
    const shifts = coins.map((c) => Number(noisyScore(formula, SCORE, c) - SCORE));
    expect(shifts.every((x) => (x + REMAINDER) % K === 0)).toBe(true);
    const mean = shifts.reduce((sum, x) => sum + x, 0) / USERS;
    expect(Math.abs(mean + REMAINDER)).toBeLessThan(4 * Math.sqrt((K * K * N) / 4 / USERS));
  });

  it('takes only multiples of k within [-k n/2, k n/2], and the noisy score is a multiple of k', () => {
    expect(noise.every((x) => x % K === 0 && Math.abs(x) <= (K * N) / 2)).toBe(true);
    expect(coins.every((c) => Number(noisyScore(formula, SCORE, c)) % K === 0)).toBe(true);
  });

  it('counts C ~ Binomial(128, 1/2): mean 64, variance 32', () => {
    const mean = coins.reduce((sum, c) => sum + c, 0) / USERS;
    const variance = coins.reduce((sum, c) => sum + (c - mean) ** 2, 0) / (USERS - 1);
    // Standard errors: sqrt(32 / 20000) = 0.04 and 32 * sqrt(2 / 19999) = 0.32.
    expect(Math.abs(mean - 64)).toBeLessThan(4 * 0.04);
    expect(Math.abs(variance - 32)).toBeLessThan(4 * 0.32);
  });

  it('takes every one of the 128 coins from a fair bit of the hash', () => {
    // Each bit position of the low 128 bits over 20000 users: Binomial(20000, 1/2), sd 70.7;
    // checked at 5 sd for each of the 128 positions.
    const ones = new Array<number>(N).fill(0);
    for (let i = 0; i < USERS; i++) {
      const hash = coinHash(hasher, beacon, salt(i));
      for (let bit = 0; bit < N; bit++) if ((hash >> BigInt(bit)) & 1n) ones[bit]! += 1;
    }
    for (const [bit, count] of ones.entries()) expect(Math.abs(count - USERS / 2), `bit ${bit}`).toBeLessThan(5 * Math.sqrt(USERS / 4));
    // And the count is those bits' sum.
    expect(ones.reduce((sum, c) => sum + c, 0)).toBe(coins.reduce((sum, c) => sum + c, 0));
  });

  it('clamps a score below k at 0 when the coins fall short: P(C <= 64) = 1/2 + P(C = 64) / 2', () => {
    // q = 0, so noisy = 114 * max(0, C - 64). P(C = 64) = C(128, 64) / 2^128 = 0.070386.
    const zeros = coins.filter((c) => noisyScore(formula, 113n, c) === 0n).length;
    const expected = 0.5 + 0.070386 / 2;
    expect(Math.abs(zeros / USERS - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / USERS));
  });

  it('changes with the beacon', () => {
    const other = beaconToField('0x5eed0000c0ffef');
    const users = 1000;
    let changed = 0;
    let products = 0;
    for (let i = 0; i < users; i++) {
      const again = Number(noisyScore(formula, SCORE, coinCount(hasher, other, salt(i), N))) - K * QUOTIENT;
      if (again !== noise[i]) changed += 1;
      products += again * noise[i]!;
    }
    // Two independent Binomial(128, 1/2) counts agree with probability C(256, 128) / 2^256 = 0.0498,
    // so about 950 of 1000 change (sd 7).
    expect(changed).toBeGreaterThan(900);
    // And are uncorrelated: |correlation| < 4 / sqrt(1000).
    expect(Math.abs(products / users / ((K * K * N) / 4))).toBeLessThan(4 / Math.sqrt(users));
  });

  it('is the same for the same beacon and salt', () => {
    for (let i = 0; i < 20; i++) {
      expect(Number(noisyScore(formula, SCORE, coinCount(hasher, beacon, salt(i), N))) - K * QUOTIENT).toBe(noise[i]);
    }
  });
});
