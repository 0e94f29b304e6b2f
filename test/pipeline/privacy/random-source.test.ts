import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CryptoRandomSource, SeededRandomSource, type RandomSource } from '../../../pipeline/privacy/index.js';

/** |observed - n p| in standard errors of a binomial count. */
function zScore(hits: number, n: number, p: number): number {
  return Math.abs(hits - n * p) / Math.sqrt(n * p * (1 - p));
}

function fraction(source: RandomSource, n: number, draw: (s: RandomSource) => boolean): number {
  let hits = 0;
  for (let i = 0; i < n; i += 1) if (draw(source)) hits += 1;
  return hits;
}

describe('SeededRandomSource', () => {
  it('is SHAKE256(domain || seed || block counter) read as little-endian words', () => {
    const domain = 'stones/privacy/seeded-random-source/v1';
    const block = (i: number): Buffer => {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(i));
      return createHash('shake256', { outputLength: 65536 })
        .update(Buffer.concat([Buffer.from(domain), Buffer.from('seed'), counter]))
        .digest();
    };
    const source = new SeededRandomSource('seed');
    const words = Array.from({ length: 16384 + 2 }, () => source.nextUint32());
    expect(words[0]).toBe(block(0).readUInt32LE(0));
    expect(words[1]).toBe(block(0).readUInt32LE(4));
    expect(words[16383]).toBe(block(0).readUInt32LE(65532));
    expect(words[16384]).toBe(block(1).readUInt32LE(0));
  });

  it('repeats itself for the same seed and differs for another', () => {
    const take = (seed: string | Uint8Array) => {
      const source = new SeededRandomSource(seed);
      return Array.from({ length: 100 }, () => source.nextUint32());
    };
    expect(take('a')).toEqual(take('a'));
    expect(take(Buffer.from('a'))).toEqual(take('a'));
    expect(take('a')).not.toEqual(take('b'));
  });
});

describe('uniform integers', () => {
  it('stay in [0, n) for n on every path (Lemire below 2^21, one word to 2^32, two words to 2^53)', () => {
    const source = new SeededRandomSource('range');
    const outside: string[] = [];
    for (const n of [1, 2, 3, 7, 1000, 2 ** 21, 2 ** 21 + 1, 3 * 2 ** 30, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 3, 2 ** 52 + 1, 2 ** 53]) {
      for (let i = 0; i < 2000; i += 1) {
        const x = source.uniformBelow(n);
        if (!(Number.isInteger(x) && x >= 0 && x < n)) outside.push(`${x} for n = ${n}`);
      }
    }
    expect(outside).toEqual([]);
    expect(() => source.uniformBelow(2 ** 53 + 2)).toThrow(RangeError);
  });

  it('are uniform: each path gives its top part of the range exactly its share', () => {
    const source = new SeededRandomSource('uniform');
    const n = 300_000;
    // Lemire: n = 3, P[x = 2] = 1/3; one masked word: n = 3 2^30, P[x >= 2^31] = 1/3;
    // two words: n = 3 2^50, P[x >= 2^51] = 1/3 and n = 2^53, P[x >= 2^52] = 1/2; BigInt: n = 3 2^100.
    expect(
      zScore(
        fraction(source, n, (s) => s.uniformBelow(3) === 2),
        n,
        1 / 3,
      ),
    ).toBeLessThan(5);
    expect(
      zScore(
        fraction(source, n, (s) => s.uniformBelow(3 * 2 ** 30) >= 2 ** 31),
        n,
        1 / 3,
      ),
    ).toBeLessThan(5);
    expect(
      zScore(
        fraction(source, n, (s) => s.uniformBelow(3 * 2 ** 50) >= 2 ** 51),
        n,
        1 / 3,
      ),
    ).toBeLessThan(5);
    expect(
      zScore(
        fraction(source, n, (s) => s.uniformBelow(2 ** 53) >= 2 ** 52),
        n,
        1 / 2,
      ),
    ).toBeLessThan(5);
    expect(
      zScore(
        fraction(source, n, (s) => s.uniformBigIntBelow(3n << 100n) >= 2n << 100n),
        n,
        1 / 3,
      ),
    ).toBeLessThan(5);
    expect(
      zScore(
        fraction(source, n, (s) => s.uniformBelow(1001) < 500),
        n,
        500 / 1001,
      ),
    ).toBeLessThan(5);
    expect(
      zScore(
        fraction(source, n, (s) => s.nextBit() === 1),
        n,
        1 / 2,
      ),
    ).toBeLessThan(5);
  });
});

describe('CryptoRandomSource (smoke)', () => {
  it('gives words and bits that look uniform, and two sources that differ', () => {
    const source = new CryptoRandomSource();
    const n = 200_000; // over 12 refills of the 64 KiB buffer
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += source.nextUint32();
    const mean = sum / n;
    const standardError = 2 ** 32 / Math.sqrt(12 * n);
    expect(Math.abs(mean - (2 ** 32 - 1) / 2) / standardError).toBeLessThan(6);
    expect(
      zScore(
        fraction(source, n, (s) => s.nextBit() === 1),
        n,
        1 / 2,
      ),
    ).toBeLessThan(6);
    const other = new CryptoRandomSource();
    expect(Array.from({ length: 8 }, () => other.nextUint32())).not.toEqual(Array.from({ length: 8 }, () => source.nextUint32()));
  });
});
