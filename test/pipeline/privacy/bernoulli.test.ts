import { describe, expect, it } from 'vitest';
import { bernoulli, bernoulliExp, RandomSource, SeededRandomSource } from '../../../pipeline/privacy/index.js';
import { continueExactly, decideWord } from '../../../pipeline/privacy/bernoulli.js';

/** A source that returns the given words, in order, and fails when they run out. */
class ScriptedSource extends RandomSource {
  private next = 0;

  constructor(private readonly script: readonly number[]) {
    super(1);
  }

  protected refill(words: Uint32Array): void {
    if (this.next >= this.script.length) throw new Error('scripted source: out of words');
    words[0] = this.script[this.next++] as number;
  }

  get used(): number {
    return this.next;
  }
}

function zScore(hits: number, n: number, p: number): number {
  return Math.abs(hits - n * p) / Math.sqrt(n * p * (1 - p));
}

const THIRD = Math.floor(2 ** 32 / 3); // 1431655765: the first base-2^32 digit of 1/3, and every later one

describe('exact Bernoulli(n/m)', () => {
  it('decides from the first word when it is clear of p, and reads no more', () => {
    const low = new ScriptedSource([THIRD - 1]);
    expect(bernoulli(low, 1n, 3n)).toBe(true);
    expect(low.used).toBe(1);
    const high = new ScriptedSource([THIRD + 1]);
    expect(bernoulli(high, 1n, 3n)).toBe(false);
    expect(high.used).toBe(1);
  });

  it('reads further words exactly when the first equals the digit of p', () => {
    // U = 0.THIRD THIRD 0 ... < 1/3 = 0.THIRD THIRD THIRD ...; U = 0.THIRD THIRD (2^32 - 1) > 1/3.
    const below = new ScriptedSource([THIRD, THIRD, 0]);
    expect(bernoulli(below, 1n, 3n)).toBe(true);
    expect(below.used).toBe(3);
    const above = new ScriptedSource([THIRD, THIRD, 2 ** 32 - 1]);
    expect(bernoulli(above, 1n, 3n)).toBe(false);
    // p = 1/2 = 0.(2^31) exactly: U = 0.(2^31) 0 0 1 is above it.
    expect(bernoulli(new ScriptedSource([2 ** 31, 0, 0, 1]), 1n, 2n)).toBe(false);
    expect(bernoulli(new ScriptedSource([2 ** 31 - 1]), 1n, 2n)).toBe(true);
  });

  it('treats p = 0 and p = 1 as certain, without randomness', () => {
    const none = new ScriptedSource([]);
    expect(bernoulli(none, 0n, 5n)).toBe(false);
    expect(bernoulli(none, 5n, 5n)).toBe(true);
    expect(() => bernoulli(none, 6n, 5n)).toThrow(RangeError);
  });

  it('decideWord never decides inside its margin, and continueExactly agrees with it outside', () => {
    const f = (2 ** 32 * 1) / 3;
    expect(decideWord(THIRD, f, 2 ** -20)).toBe(-1);
    expect(decideWord(THIRD - 1, f, 2 ** -20)).toBe(1);
    expect(decideWord(THIRD + 1, f, 2 ** -20)).toBe(0);
    const source = new SeededRandomSource('continue');
    for (const w of [0, THIRD - 1, THIRD + 1, 2 ** 32 - 1]) expect(continueExactly(source, w, 1n, 3n)).toBe(w < THIRD);
    // Huge fractions go the same way: p = (2^200 + 1) / (3 * 2^200) = 1/3 + 2^-200/3 has the digits
    // of 1/3 up to the 7th, which is THIRD + 2^24/3 (rounded): U = 0.THIRD x6 (THIRD + 1) is below p.
    const sixThirds = [THIRD, THIRD, THIRD, THIRD, THIRD, THIRD];
    expect(bernoulli(new ScriptedSource([...sixThirds, THIRD + 1]), (1n << 200n) + 1n, 3n << 200n)).toBe(true);
    expect(bernoulli(new ScriptedSource([...sixThirds, THIRD + 2 ** 23]), (1n << 200n) + 1n, 3n << 200n)).toBe(false);
  });

  it('has frequency n/m (seeded, 200,000 draws each, within 5 standard errors)', () => {
    const source = new SeededRandomSource('bernoulli');
    const n = 200_000;
    for (const [num, den] of [
      [1n, 3n],
      [2n, 7n],
      [999n, 1000n],
      [(1n << 80n) / 3n, 1n << 80n],
    ] as const) {
      let hits = 0;
      for (let i = 0; i < n; i += 1) if (bernoulli(source, num, den)) hits += 1;
      expect(zScore(hits, n, Number(num) / Number(den)), `${num}/${den}`).toBeLessThan(5);
    }
  });
});

describe('exact Bernoulli(exp(-gamma)) (CKS20 Algorithm 1)', () => {
  it('is certain for gamma = 0 and refuses bad arguments', () => {
    expect(bernoulliExp(new ScriptedSource([]), 0n, 7n)).toBe(true);
    expect(() => bernoulliExp(new ScriptedSource([]), -1n, 7n)).toThrow(RangeError);
    expect(() => bernoulliExp(new ScriptedSource([]), 1n, 0n)).toThrow(RangeError);
  });

  it('has frequency exp(-gamma) for gamma below, at and above 1, on the double and BigInt paths', () => {
    const source = new SeededRandomSource('bernoulli-exp');
    const n = 200_000;
    const big = 1n << 70n; // n/d with d = 2^70: the BigInt path
    const cases: [bigint, bigint][] = [
      [1n, 2n],
      [1n, 1n],
      [7n, 3n],
      [5n, 1n],
      [3n * big, 2n * big],
      [big / 3n, big],
      [10n ** 30n + 1n, 4n * 10n ** 29n],
    ];
    for (const [num, den] of cases) {
      let hits = 0;
      for (let i = 0; i < n; i += 1) if (bernoulliExp(source, num, den)) hits += 1;
      expect(zScore(hits, n, Math.exp(-Number(num) / Number(den))), `exp(-${num}/${den})`).toBeLessThan(5);
    }
  });
});
