import { beforeAll, describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS, createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import {
  beaconToField,
  COIN_HASH_HIGH_LIMIT,
  coinCount,
  coinHash,
  loadFormula,
  noisyScore,
  parseFormula,
  publishedFormulaPath,
  quantiseScore,
  scoreOf,
  scoreSensitivity,
  splitCoinHash,
  type Formula,
} from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson } from './formula-fixture.js';

// Fixture formula (weight, cap, daily_cap):
//   active_days (10, 20, 1)   trips (2, 30, 5)   km (1, 500, 100)   adas_km (3, 50, 40)
//   night_km (0, 10, 20)   distinct_regions (7, 4, 2)   tenure_days (1, 60, 0);   noise k = 254, n = 24.
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

  it('takes features up to 16 bits and refuses negative, fractional, missing or wider ones (an internal error)', () => {
    const good = { active_days: 1, trips: 1, km: 1, adas_km: 1, night_km: 1, distinct_regions: 1, tenure_days: 1 };
    // 65535 = 2^16 - 1 is the widest: km is capped at 500 anyway.
    expect(scoreOf(formula, { ...good, km: 65535n })).toBe(10n + 2n + 500n + 3n + 0n + 7n + 1n);
    expect(() => scoreOf(formula, { ...good, km: -1 })).toThrow(/feature km must not be negative/);
    expect(() => scoreOf(formula, { ...good, trips: -2n })).toThrow(/feature trips must not be negative/);
    expect(() => scoreOf(formula, { ...good, km: 1.5 })).toThrow(/feature km must be a whole number/);
    expect(() => scoreOf(formula, { ...good, km: Number.NaN })).toThrow(/feature km must be a whole number/);
    const { tenure_days: _dropped, ...missing } = good;
    expect(() => scoreOf(formula, missing as typeof good)).toThrow(/feature tenure_days must be a whole number/);
    expect(() => scoreOf(formula, { ...good, km: 65536n })).toThrow(/feature km = 65536 does not fit 16 bits/);
    expect(() => scoreOf(formula, { ...good, tenure_days: 2 ** 32 })).toThrow(/does not fit 16 bits/);
  });
});

describe('scoreSensitivity', () => {
  it('sums weight * min(daily_cap, cap), worked by hand', () => {
    // active_days 10*min(1,20)=10, trips 2*min(5,30)=10, km 1*min(100,500)=100,
    // adas_km 3*min(40,50)=120, night_km 0*min(20,10)=0, distinct_regions 7*min(2,4)=14,
    // tenure_days 1*min(0,60)=0: 10 + 10 + 100 + 120 + 0 + 14 + 0 = 254
    expect(scoreSensitivity(formula)).toBe(254n);
  });

  it('is 228 for the published formula', async () => {
    const { formula: published } = await loadFormula(publishedFormulaPath());
    // 60*1 + 12*4 + 1*60 + 1*20 + 1*20 + 20*1 + 1*min(0, 365) = 60 + 48 + 60 + 20 + 20 + 20 + 0 = 228
    expect(scoreSensitivity(published)).toBe(228n);
  });
});

describe('quantiseScore', () => {
  it('splits score = k * quotient + remainder, 0 <= remainder < k, worked by hand', () => {
    // 843 = 254 * 3 + 81 (254 * 3 = 762).
    expect(quantiseScore(843n, 254)).toEqual({ quotient: 3n, remainder: 81n });
    expect(quantiseScore(0n, 254)).toEqual({ quotient: 0n, remainder: 0n });
    expect(quantiseScore(253n, 254)).toEqual({ quotient: 0n, remainder: 253n });
    expect(quantiseScore(254n, 254)).toEqual({ quotient: 1n, remainder: 0n });
    expect(quantiseScore(508n, 254n)).toEqual({ quotient: 2n, remainder: 0n });
    // The published k = 114: 2000 = 114 * 17 + 62 (114 * 17 = 1938).
    expect(quantiseScore(2000n, 114)).toEqual({ quotient: 17n, remainder: 62n });
    expect(quantiseScore(7n, 1)).toEqual({ quotient: 7n, remainder: 0n });
  });

  it('refuses k < 1 or a negative score (an internal error)', () => {
    expect(() => quantiseScore(10n, 0)).toThrow(/k must be at least 1, got 0/);
    expect(() => quantiseScore(10n, -3n)).toThrow(/k must be at least 1/);
    expect(() => quantiseScore(-1n, 254)).toThrow(/score must not be negative, got -1/);
  });
});

describe('noisyScore', () => {
  it('is k * max(0, floor(score / k) + C - n/2), worked by hand', () => {
    // k = 254, n = 24, so n/2 = 12; score 843 = 254 * 3 + 81: q = 3, the remainder 81 is dropped.
    expect(noisyScore(formula, 843n, 12)).toBe(762n); //  254 * (3 + 12 - 12) = 254 * 3  = 762
    expect(noisyScore(formula, 843n, 13)).toBe(1016n); // 254 * (3 + 13 - 12) = 254 * 4  = 1016
    expect(noisyScore(formula, 843n, 24)).toBe(3810n); // 254 * (3 + 24 - 12) = 254 * 15 = 3810
    expect(noisyScore(formula, 843n, 10)).toBe(254n); //  254 * (3 + 10 - 12) = 254 * 1  = 254
    expect(noisyScore(formula, 843n, 9)).toBe(0n); //     254 * (3 + 9 - 12)  = 0
    expect(noisyScore(formula, 843n, 8)).toBe(0n); //     3 + 8 - 12 = -1, clamped to 0
    expect(noisyScore(formula, 843n, 0)).toBe(0n); //     3 - 12 = -9, clamped to 0
    // Scores with the same quotient give the same noisy score: 762 and 1015 are both q = 3.
    expect(noisyScore(formula, 762n, 13)).toBe(1016n);
    expect(noisyScore(formula, 1015n, 13)).toBe(1016n);
    expect(noisyScore(formula, 1016n, 13)).toBe(1270n); // q = 4: 254 * 5
    // Below k the quotient is 0: only coins above n/2 lift it.
    expect(noisyScore(formula, 253n, 24)).toBe(3048n); // 254 * 12
    expect(noisyScore(formula, 253n, 12)).toBe(0n);
    expect(noisyScore(formula, 0n, 0)).toBe(0n);
  });

  it('is always a multiple of k in [0, k (floor(score / k) + n/2)]', () => {
    for (const score of [0n, 1n, 253n, 254n, 843n, 998n, 5000n]) {
      const top = 254n * (score / 254n + 12n);
      for (let coins = 0; coins <= 24; coins++) {
        const noisy = noisyScore(formula, score, coins);
        expect(noisy % 254n, `score ${score}, ${coins} coins`).toBe(0n);
        expect(noisy >= 0n && noisy <= top).toBe(true);
      }
    }
  });

  it('refuses a coin count outside [0, n] or a negative score (an internal error)', () => {
    expect(() => noisyScore(formula, 10n, 25)).toThrow(/coins must be a whole number from 0 to 24, got 25/);
    expect(() => noisyScore(formula, 10n, -1)).toThrow(/coins/);
    expect(() => noisyScore(formula, 10n, 1.5)).toThrow(/coins/);
    expect(() => noisyScore(formula, -1n, 4)).toThrow(/score must not be negative/);
  });
});

/** A stand-in hasher that always gives `output` and records what it was asked. */
function fixedHasher(output: bigint): PoseidonHasher & { calls: bigint[][] } {
  const calls: bigint[][] = [];
  return {
    calls,
    hash(inputs) {
      calls.push([...inputs]);
      return output;
    },
  };
}

describe('coinCount', () => {
  it('counts ones among the low n bits of one hash, least significant first, worked by hand', () => {
    // 2^200 + 2^128 + 0b1011: bits 128 and 200 are above the low 128 bits, never coins;
    // coins 0..3 = bits 0..3 of 1011 = 1, 1, 0, 1.
    const hasher = fixedHasher(2n ** 200n + 2n ** 128n + 0b1011n);
    expect(coinCount(hasher, 7n, 9n, 0)).toBe(0); //   no coins
    expect(coinCount(hasher, 7n, 9n, 1)).toBe(1); //   coin 0
    expect(coinCount(hasher, 7n, 9n, 2)).toBe(2); //   coins 0, 1: 1 + 1
    expect(coinCount(hasher, 7n, 9n, 3)).toBe(2); //   coins 0..2: 1 + 1 + 0
    expect(coinCount(hasher, 7n, 9n, 4)).toBe(3); //   coins 0..3: 1 + 1 + 0 + 1
    expect(coinCount(hasher, 7n, 9n, 24)).toBe(3); //  nothing else below bit 24
    expect(coinCount(hasher, 7n, 9n, 128)).toBe(3); // only bits 0, 1, 3 of the low 128 are set
    // One Poseidon([beacon, salt]) per count: two inputs, no counter.
    hasher.calls.length = 0;
    coinCount(hasher, 7n, 9n, 128);
    expect(hasher.calls).toEqual([[7n, 9n]]);

    // All 128 low bits set, and bit 130 (ignored): n coins, all ones.
    const ones = fixedHasher(2n ** 130n + 2n ** 128n - 1n);
    expect(coinCount(ones, 1n, 2n, 24)).toBe(24);
    expect(coinCount(ones, 1n, 2n, 127)).toBe(127);
    expect(coinCount(ones, 1n, 2n, 128)).toBe(128);
    // Bits 31, 32, 63, 64, 127 alone: the 32-bit words of the count meet at the right places.
    const edges = fixedHasher(2n ** 31n + 2n ** 32n + 2n ** 63n + 2n ** 64n + 2n ** 127n);
    expect([31, 32, 33, 63, 64, 65, 127, 128].map((n) => coinCount(edges, 1n, 2n, n))).toEqual([0, 1, 2, 2, 3, 4, 4, 5]);
  });

  it('refuses more than 128 coins (one hash) or a count that is not a whole number', () => {
    const hasher = fixedHasher(0n);
    expect(() => coinCount(hasher, 1n, 2n, 129)).toThrow(/coin count must be a whole number from 0 to 128, got 129/);
    expect(() => coinCount(hasher, 1n, 2n, 256)).toThrow(RangeError);
    expect(() => coinCount(hasher, 1n, 2n, -1)).toThrow(RangeError);
    expect(() => coinCount(hasher, 1n, 2n, 2.5)).toThrow(RangeError);
  });

  describe('with Poseidon', () => {
    let poseidon: PoseidonHasher;
    beforeAll(async () => {
      poseidon = await createCircomlibjsPoseidon();
    });

    it('matches the count recomputed from the hash output as a binary string', () => {
      const beacon = beaconToField('0xdeadbeef');
      const salt = 123456789012345678901234567890n;
      const hash = poseidon.hash([beacon, salt]);
      expect(coinHash(poseidon, beacon, salt)).toBe(hash);
      // Least significant bit first.
      const bits = hash.toString(2).padStart(256, '0').split('').reverse();
      for (const n of [1, 2, 24, 31, 32, 33, 100, 127, 128]) {
        expect(coinCount(poseidon, beacon, salt, n), `n = ${n}`).toBe(bits.slice(0, n).filter((bit) => bit === '1').length);
      }
    });

    it('depends on both the beacon and the salt', () => {
      const counts = new Set<number>();
      for (let i = 0n; i < 40n; i++) counts.add(coinCount(poseidon, 1000n + i, 5n, 128));
      for (let i = 0n; i < 40n; i++) counts.add(coinCount(poseidon, 5n, 1000n + i, 128));
      // Binomial(128, 1/2) has sd 5.7: 80 draws take many values.
      expect(counts.size).toBeGreaterThan(10);
    });

    it('refuses a beacon or salt outside the field (an internal error)', () => {
      expect(() => coinCount(poseidon, BN254_FIELD_MODULUS, 1n, 8)).toThrow(/beacon must be a field element/);
      expect(() => coinCount(poseidon, 1n, -1n, 8)).toThrow(/salt must be a field element/);
      expect(() => coinHash(poseidon, 1n, BN254_FIELD_MODULUS)).toThrow(/salt must be a field element/);
    });
  });
});

describe('splitCoinHash', () => {
  it('splits h = low + 2^128 high, worked by hand', () => {
    expect(splitCoinHash(5n + 7n * 2n ** 128n)).toEqual({ hash: 5n + 7n * 2n ** 128n, low: 5n, high: 7n });
    expect(splitCoinHash(0n)).toEqual({ hash: 0n, low: 0n, high: 0n });
    expect(splitCoinHash(2n ** 128n - 1n)).toEqual({ hash: 2n ** 128n - 1n, low: 2n ** 128n - 1n, high: 0n });
  });

  it('takes high up to floor(p / 2^128) - 1 and refuses the top of the field, which no proof could take', () => {
    // p = 21888242871839275222246405745257275088548364400416034343698204186575808495617
    //   = 64323764613183177041862057485226039389 * 2^128 + 53438638232309528389504892708671455233.
    expect(COIN_HASH_HIGH_LIMIT).toBe(64323764613183177041862057485226039389n);
    expect(COIN_HASH_HIGH_LIMIT * 2n ** 128n + 53438638232309528389504892708671455233n).toBe(BN254_FIELD_MODULUS);
    const largest = COIN_HASH_HIGH_LIMIT * 2n ** 128n - 1n;
    expect(splitCoinHash(largest)).toEqual({ hash: largest, low: 2n ** 128n - 1n, high: COIN_HASH_HIGH_LIMIT - 1n });
    expect(() => splitCoinHash(COIN_HASH_HIGH_LIMIT * 2n ** 128n)).toThrow(/in the top 2\^-128 of the field/);
    expect(() => splitCoinHash(BN254_FIELD_MODULUS - 1n)).toThrow(/no proof can be made for it/);
  });

  it('gives the coins coinCount counts: its low part', async () => {
    const poseidon = await createCircomlibjsPoseidon();
    const { low } = splitCoinHash(coinHash(poseidon, 11n, 12n));
    const ones = [...low.toString(2)].filter((bit) => bit === '1').length;
    expect(coinCount(poseidon, 11n, 12n, 128)).toBe(ones);
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
