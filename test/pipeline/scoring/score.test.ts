import { beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import {
  beaconToField,
  coinCount,
  loadFormula,
  noisyScore,
  parseFormula,
  publishedFormulaPath,
  scoreOf,
  scoreSensitivity,
  type Formula,
} from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson } from './formula-fixture.js';

// Fixture formula (weight, cap, daily_cap):
//   active_days (10, 20, 1)   trips (2, 30, 5)   km (1, 500, 100)   adas_km (3, 50, 40)
//   night_km (0, 10, 20)   distinct_regions (7, 4, 2)   tenure_days (1, 60, 60);   noise k = 3, n = 8.
const formula: Formula = parseFormula(fixtureFormulaJson(), 'fixture');

describe('scoreOf', () => {
  it('sums weight * min(feature, cap), worked by hand', () => {
    const features = { active_days: 25, trips: 17, km: 612n, adas_km: 12n, night_km: 9n, distinct_regions: 5, tenure_days: 45 };
    // active_days      10 * min(25, 20)  = 10 * 20  = 200
    // trips             2 * min(17, 30)  =  2 * 17  =  34
    // km                1 * min(612, 500) =  1 * 500 = 500
    // adas_km           3 * min(12, 50)  =  3 * 12  =  36
    // night_km          0 * min(9, 10)   =  0 *  9  =   0
    // distinct_regions  7 * min(5, 4)    =  7 *  4  =  28
    // tenure_days       1 * min(45, 60)  =  1 * 45  =  45
    //                                          total = 843
    expect(scoreOf(formula, features)).toBe(843n);
  });

  it('gives 0 for no driving and the sum of weight * cap at the caps', () => {
    const zero = { active_days: 0, trips: 0, km: 0, adas_km: 0, night_km: 0, distinct_regions: 0, tenure_days: 0 };
    expect(scoreOf(formula, zero)).toBe(0n);
    const huge = { active_days: 31, trips: 1000, km: 10_000, adas_km: 10_000, night_km: 10_000, distinct_regions: 50, tenure_days: 5000 };
    // 10*20 + 2*30 + 1*500 + 3*50 + 0*10 + 7*4 + 1*60 = 200 + 60 + 500 + 150 + 0 + 28 + 60 = 998
    expect(scoreOf(formula, huge)).toBe(998n);
  });

  it('refuses negative, fractional, missing or too wide features (an internal error)', () => {
    const good = { active_days: 1, trips: 1, km: 1, adas_km: 1, night_km: 1, distinct_regions: 1, tenure_days: 1 };
    expect(() => scoreOf(formula, { ...good, km: -1 })).toThrow(/feature km must not be negative/);
    expect(() => scoreOf(formula, { ...good, trips: -2n })).toThrow(/feature trips must not be negative/);
    expect(() => scoreOf(formula, { ...good, km: 1.5 })).toThrow(/feature km must be a whole number/);
    expect(() => scoreOf(formula, { ...good, km: Number.NaN })).toThrow(/feature km must be a whole number/);
    const { tenure_days: _dropped, ...missing } = good;
    expect(() => scoreOf(formula, missing as typeof good)).toThrow(/feature tenure_days must be a whole number/);
    expect(() => scoreOf(formula, { ...good, km: 2n ** 32n })).toThrow(/does not fit 32 bits/);
  });
});

describe('scoreSensitivity', () => {
  it('sums weight * min(daily_cap, cap), worked by hand', () => {
    // active_days 10*min(1,20)=10, trips 2*min(5,30)=10, km 1*min(100,500)=100,
    // adas_km 3*min(40,50)=120, night_km 0*min(20,10)=0, distinct_regions 7*min(2,4)=14,
    // tenure_days 1*min(60,60)=60: 10 + 10 + 100 + 120 + 0 + 14 + 60 = 314
    expect(scoreSensitivity(formula)).toBe(314n);
  });

  it('is 318 for the published formula', async () => {
    const { formula: published } = await loadFormula(publishedFormulaPath());
    // 60*1 + 12*4 + 1*60 + 1*20 + 1*20 + 20*1 + 1*90 = 60 + 48 + 60 + 20 + 20 + 20 + 90 = 318
    expect(scoreSensitivity(published)).toBe(318n);
  });
});

describe('noisyScore', () => {
  it('adds k * (C - n/2) and clamps at 0, worked by hand', () => {
    // k = 3, n = 8, so n/2 = 4.
    expect(noisyScore(formula, 10n, 2)).toBe(4n); //  10 + 3 * (2 - 4) = 10 - 6  = 4
    expect(noisyScore(formula, 10n, 4)).toBe(10n); // 10 + 3 * (4 - 4) = 10
    expect(noisyScore(formula, 10n, 8)).toBe(22n); // 10 + 3 * (8 - 4) = 10 + 12 = 22
    expect(noisyScore(formula, 10n, 0)).toBe(0n); //  10 + 3 * (0 - 4) = -2, clamped to 0
    expect(noisyScore(formula, 12n, 0)).toBe(0n); //  12 - 12 = 0
  });

  it('refuses a coin count outside [0, n] or a negative score (an internal error)', () => {
    expect(() => noisyScore(formula, 10n, 9)).toThrow(/coins must be a whole number from 0 to 8/);
    expect(() => noisyScore(formula, 10n, -1)).toThrow(/coins/);
    expect(() => noisyScore(formula, -1n, 4)).toThrow(/score must not be negative/);
  });
});

/** A stand-in hasher with outputs chosen by hand, keyed by the counter j (the third input). */
function fixedHasher(outputs: readonly bigint[]): PoseidonHasher & { calls: bigint[][] } {
  const calls: bigint[][] = [];
  return {
    calls,
    hash(inputs) {
      calls.push([...inputs]);
      return outputs[Number(inputs[2])]!;
    },
  };
}

describe('coinCount', () => {
  it('counts ones among the low bits, least significant first, worked by hand', () => {
    // j = 0: 2^200 + 2^128 + 0b1011. Bits 128 and 200 are above the low 128 bits: never coins.
    //        coins 0..3 = bits 0..3 of 1011 = 1, 1, 0, 1.
    // j = 1: 2^128 - 1, all 128 low bits set; plus bit 130, ignored.
    // j = 2: 0b110 = 6: coins 256, 257, 258 = 0, 1, 1.
    const hasher = fixedHasher([2n ** 200n + 2n ** 128n + 0b1011n, 2n ** 130n + 2n ** 128n - 1n, 0b110n]);
    expect(coinCount(hasher, 7n, 9n, 2)).toBe(2); //   coins 0, 1: 1 + 1
    expect(coinCount(hasher, 7n, 9n, 3)).toBe(2); //   coins 0..2: 1 + 1 + 0
    expect(coinCount(hasher, 7n, 9n, 4)).toBe(3); //   coins 0..3: 1 + 1 + 0 + 1
    expect(coinCount(hasher, 7n, 9n, 128)).toBe(3); // all of j = 0: only bits 0, 1, 3 are set
    expect(coinCount(hasher, 7n, 9n, 130)).toBe(5); // 3 + coins 128, 129 (bits 0, 1 of j = 1)
    expect(coinCount(hasher, 7n, 9n, 256)).toBe(131); // 3 + 128
    expect(coinCount(hasher, 7n, 9n, 257)).toBe(131); // + coin 256 = bit 0 of 6 = 0
    expect(coinCount(hasher, 7n, 9n, 258)).toBe(132); // + coin 257 = bit 1 of 6 = 1
    // The hasher is asked Poseidon([beacon, salt, j]) for j = 0, 1, 2 in that order and no more.
    hasher.calls.length = 0;
    coinCount(hasher, 7n, 9n, 258);
    expect(hasher.calls).toEqual([
      [7n, 9n, 0n],
      [7n, 9n, 1n],
      [7n, 9n, 2n],
    ]);
    hasher.calls.length = 0;
    coinCount(hasher, 7n, 9n, 256);
    expect(hasher.calls).toHaveLength(2);
  });

  describe('with Poseidon', () => {
    let poseidon: PoseidonHasher;
    beforeAll(async () => {
      poseidon = await createCircomlibjsPoseidon();
    });

    it('matches the count recomputed from the hash outputs as binary strings', () => {
      const beacon = beaconToField('0xdeadbeef');
      const salt = 123456789012345678901234567890n;
      for (const n of [2, 100, 128, 200, 256, 2048]) {
        let expected = 0;
        for (let j = 0; 128 * j < n; j++) {
          // The low 128 bits as a binary string, least significant bit first.
          const bits = poseidon.hash([beacon, salt, BigInt(j)]).toString(2).padStart(256, '0').split('').reverse().slice(0, 128);
          expected += bits.slice(0, Math.min(128, n - 128 * j)).filter((bit) => bit === '1').length;
        }
        expect(coinCount(poseidon, beacon, salt, n)).toBe(expected);
      }
    });

    it('refuses a beacon or salt outside the field (an internal error)', () => {
      expect(() => coinCount(poseidon, BN254_FIELD_MODULUS, 1n, 8)).toThrow(/beacon must be a field element/);
      expect(() => coinCount(poseidon, 1n, -1n, 8)).toThrow(/salt must be a field element/);
    });
  });
});

describe('beaconToField', () => {
  it('reads 1 to 64 hex digits, with or without 0x, modulo the field', () => {
    expect(beaconToField('0x1f')).toBe(31n);
    expect(beaconToField('FF')).toBe(255n);
    expect(beaconToField('0')).toBe(0n);
    expect(beaconToField(' 0xAbC ')).toBe(0xabcn);
    expect(beaconToField('0X12')).toBe(0x12n);
    expect(beaconToField('f'.repeat(64))).toBe((2n ** 256n - 1n) % BN254_FIELD_MODULUS);
    expect(beaconToField(BN254_FIELD_MODULUS.toString(16))).toBe(0n);
    expect(beaconToField((BN254_FIELD_MODULUS + 5n).toString(16))).toBe(5n);
  });

  it.each(['', '0x', 'xyz', '0x12g4', '-1', '1'.repeat(65), '12 34', '0x 12'])('refuses %j with a UsageError about --beacon', (hex) => {
    expect(() => beaconToField(hex)).toThrow(UsageError);
    expect(() => beaconToField(hex)).toThrow(/^--beacon must be 1 to 64 hexadecimal digits/);
  });
});
