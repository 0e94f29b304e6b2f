import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { beaconToField, coinCount, noisyScore, parseFormula } from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson, withValue } from './formula-fixture.js';

// k = 5 and n = 200 coins: two Poseidon hashes per user, the second giving only 72 coins.
const K = 5;
const N = 200;
const formula = parseFormula(withValue(withValue(fixtureFormulaJson(), 'noise.k', K), 'noise.n', N), 'fixture');
const USERS = 20_000;
// Far enough above k * n / 2 = 500 that the clamp at 0 never applies: noisy - score is the noise.
const SCORE = 10_000n;

/** The salt of user i: pseudo-random but reproducible (the test must not be flaky). */
function salt(i: number): bigint {
  return BigInt(`0x${createHash('sha256').update(`salt-${i}`).digest('hex')}`) % BN254_FIELD_MODULUS;
}

describe('binomial noise over many users', () => {
  let hasher: PoseidonHasher;
  let noise: number[];
  const beacon = beaconToField('0x5eed0000c0ffee');

  beforeAll(async () => {
    hasher = await createCircomlibjsPoseidon();
    noise = [];
    for (let i = 0; i < USERS; i++) {
      noise.push(Number(noisyScore(formula, SCORE, coinCount(hasher, beacon, salt(i), N)) - SCORE));
    }
  }, 60_000);

  it('has mean 0 and variance k^2 n / 4', () => {
    const mean = noise.reduce((sum, x) => sum + x, 0) / USERS;
    const variance = noise.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (USERS - 1);
    const expectedVariance = (K * K * N) / 4; // 25 * 200 / 4 = 1250
    // Standard error of the mean: sqrt(1250 / 20000) = 0.25. Of the variance (nearly normal
    // noise): 1250 * sqrt(2 / 19999) = 12.5. Both checked at 4 standard errors.
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(expectedVariance / USERS));
    expect(Math.abs(variance - expectedVariance)).toBeLessThan(4 * expectedVariance * Math.sqrt(2 / (USERS - 1)));
  });

  it('takes only multiples of k within [-k n/2, k n/2]', () => {
    expect(noise.every((x) => x % K === 0 && Math.abs(x) <= (K * N) / 2)).toBe(true);
  });

  it('changes with the beacon', () => {
    const other = beaconToField('0x5eed0000c0ffef');
    const users = 1000;
    let changed = 0;
    let products = 0;
    for (let i = 0; i < users; i++) {
      const again = Number(noisyScore(formula, SCORE, coinCount(hasher, other, salt(i), N)) - SCORE);
      if (again !== noise[i]) changed += 1;
      products += again * noise[i]!;
    }
    // Two independent Binomial(200, 1/2) counts agree with probability about 0.04.
    expect(changed).toBeGreaterThan(900);
    // And are uncorrelated: |correlation| < 4 / sqrt(1000).
    expect(Math.abs(products / users / ((K * K * N) / 4))).toBeLessThan(4 / Math.sqrt(users));
  });

  it('is the same for the same beacon and salt', () => {
    for (let i = 0; i < 20; i++) {
      expect(Number(noisyScore(formula, SCORE, coinCount(hasher, beacon, salt(i), N)) - SCORE)).toBe(noise[i]);
    }
  });
});
