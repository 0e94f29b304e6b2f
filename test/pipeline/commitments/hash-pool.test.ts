import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool, popcount32 } from '../../../pipeline/commitments/hash-pool/index.js';
import { coinCount } from '../../../pipeline/scoring/index.js';
import { buildTree } from '../../../pipeline/commitments/merkle/index.js';
import { BN254_FIELD_MODULUS, createCircomlibjsPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { randomFields } from './random-fields.js';

let pool: HashPool;
let reference: PoseidonHasher;
const random = randomFields(23);

beforeAll(async () => {
  reference = await createCircomlibjsPoseidon();
  pool = new HashPool({ threads: 2 });
});

afterAll(async () => {
  await pool?.close();
});

describe('HashPool.hashRows', () => {
  it('equals hashing each row on this thread, for rows of every arity in any order', async () => {
    const rows = Array.from({ length: 300 }, (_, k) => random(1 + ((k * 7) % 16)));
    const expected = rows.map((row) => reference.hash(row));
    expect(await pool.hashRows(rows)).toEqual(expected);
  });

  it('handles no rows and one row', async () => {
    expect(await pool.hashRows([])).toEqual([]);
    const row = [BN254_FIELD_MODULUS - 1n, 0n];
    expect(await pool.hashRows([row])).toEqual([reference.hash(row)]);
  });

  it('rejects rows Poseidon cannot take', async () => {
    await expect(pool.hashRows([[]])).rejects.toThrow(RangeError);
    await expect(pool.hashRows([random(17)])).rejects.toThrow(RangeError);
    await expect(pool.hashRows([[BN254_FIELD_MODULUS]])).rejects.toThrow(RangeError);
  });
});

describe('HashPool.countCoins', () => {
  const ones = (value: bigint): number => [...value.toString(2)].filter((bit) => bit === '1').length;
  const lowBits = (n: number): bigint => (1n << BigInt(n)) - 1n;

  it('equals the single-threaded count for every n a hash can give, whole and partial 32-bit words', async () => {
    const [beacon] = random(1) as [bigint];
    const salts = random(120);
    for (const n of [128, 0, 1, 2, 24, 31, 32, 33, 63, 64, 65, 100, 127]) {
      const expected = salts.map((salt) => coinCount(reference, beacon, salt, n));
      expect(await pool.countCoins(beacon, salts, n), `n = ${n}`).toEqual(expected);
    }
  });

  it('counts the ones among the low n bits of Poseidon(beacon, salt), one 2-input hash per salt', async () => {
    const beacon = 5n;
    const salts = [9n, 0n, BN254_FIELD_MODULUS - 1n, ...random(40)];
    const hashes = salts.map((salt) => reference.hash([beacon, salt]));
    for (const n of [3, 24, 128]) {
      expect(await pool.countCoins(beacon, salts, n), `n = ${n}`).toEqual(hashes.map((h) => ones(h & lowBits(n))));
    }
    const h0 = hashes[0]!;
    expect(coinCount(reference, beacon, 9n, 3)).toBe(ones(h0 & 7n));
    expect(coinCount(reference, beacon, 9n, 128)).toBe(ones(h0 & lowBits(128)));
    expect(coinCount(reference, beacon, 9n, 0)).toBe(0);
  });

  it('keeps the salts in order across chunks and threads', async () => {
    // More than one chunk of 512 salts per thread.
    const [beacon] = random(1) as [bigint];
    const salts = random(1500);
    const expected = salts.map((salt) => ones(reference.hash([beacon, salt]) & lowBits(128)));
    expect(await pool.countCoins(beacon, salts, 128)).toEqual(expected);
  });

  it('gives zeros for n = 0 and nothing for no salts', async () => {
    expect(await pool.countCoins(1n, random(3), 0)).toEqual([0, 0, 0]);
    expect(await pool.countCoins(1n, [], 128)).toEqual([]);
  });

  it('refuses more than 128 coins (one hash) or an n that is not a whole number', async () => {
    await expect(pool.countCoins(1n, random(3), 129)).rejects.toThrow(/coin count must be a whole number from 0 to 128, got 129/);
    await expect(pool.countCoins(1n, random(3), 256)).rejects.toThrow(RangeError);
    await expect(pool.countCoins(1n, random(3), -1)).rejects.toThrow(RangeError);
    await expect(pool.countCoins(1n, random(3), 1.5)).rejects.toThrow(RangeError);
    // The pool still works afterwards.
    expect(await pool.countCoins(1n, [2n], 128)).toEqual([coinCount(reference, 1n, 2n, 128)]);
  });

  it('popcount32 counts bits of any 32-bit word', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff, 0x12345678].map(popcount32)).toEqual([0, 1, 8, 1, 32, 13]);
  });
});

describe('HashPool.buildTrees', () => {
  it('equals buildTree for groups of 1 to 512 leaves', async () => {
    const groups = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 16, 2, 1].map((size) => random(size));
    const expected = groups.map((leaves) => buildTree(reference, leaves).root);
    expect(await pool.buildTrees(groups)).toEqual(expected);
  });

  it('builds many small trees across chunks', async () => {
    const groups = Array.from({ length: 700 }, () => random(16));
    const expected = groups.map((leaves) => reference.hash(leaves));
    expect(await pool.buildTrees(groups)).toEqual(expected);
  });

  it('refuses groups that are not powers of two', async () => {
    await expect(pool.buildTrees([random(3)])).rejects.toThrow(RangeError);
  });
});

describe('HashPool lifecycle', () => {
  it('closes cleanly, twice, and refuses work afterwards', async () => {
    const own = new HashPool({ threads: 1 });
    expect(await own.hashRows([[1n, 2n]])).toEqual([0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an]);
    await own.close();
    await own.close();
    await expect(own.hashRows([[1n]])).rejects.toThrow(/closed/);
  });

  it('closing while work runs lets that work finish', async () => {
    const own = new HashPool({ threads: 2 });
    const rows = Array.from({ length: 64 }, () => random(2));
    const work = own.hashRows(rows);
    const closed = own.close();
    expect(await work).toEqual(rows.map((row) => reference.hash(row)));
    await closed;
  });
});
