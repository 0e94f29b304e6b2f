import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS } from '../../pipeline/commitments/index.js';
import {
  COIN_HASH_HIGH_LIMIT,
  COINS_PER_HASH,
  FEATURE_BITS,
  FEATURE_NAMES,
  K_BITS,
  MAX_NOISE_COINS,
  POOL_BITS,
  SCORE_BITS,
  USERS_BITS,
  WEIGHT_BITS,
} from '../../pipeline/scoring/index.js';
import { REPO_ROOT } from '../support/cli.js';

// circuits/batch-award.circom repeats the bit widths of pipeline/scoring/circuit-bit-widths.ts
// as circom functions: the formula checks what the circuit can prove only if both agree.

const SOURCE = readFileSync(`${REPO_ROOT}/circuits/batch-award.circom`, 'utf8');

function circomConstant(name: string): bigint {
  const match = new RegExp(`function ${name}\\(\\) \\{ return ([0-9]+); \\}`).exec(SOURCE);
  if (!match) throw new Error(`no function ${name}() returning a number in batch-award.circom`);
  return BigInt(match[1] as string);
}

describe('the circuit and the pipeline use the same widths', () => {
  it.each([
    ['FEATURE_BITS', FEATURE_BITS],
    ['WEIGHT_BITS', WEIGHT_BITS],
    ['SCORE_BITS', SCORE_BITS],
    ['K_BITS', K_BITS],
    ['POOL_BITS', POOL_BITS],
    ['USERS_BITS', USERS_BITS],
    ['COIN_BITS', COINS_PER_HASH],
    ['MAX_NOISE_COINS', MAX_NOISE_COINS],
    ['N_FEATURES', FEATURE_NAMES.length],
  ])('%s', (name, value) => {
    expect(circomConstant(name)).toBe(BigInt(value));
  });

  it('splits the coin hash where the pipeline does: P_HIGH = floor(p / 2^128), and the high part fits COIN_HIGH_BITS', () => {
    expect(circomConstant('P_HIGH')).toBe(COIN_HASH_HIGH_LIMIT);
    expect(COIN_HASH_HIGH_LIMIT).toBe(BN254_FIELD_MODULUS >> 128n);
    const highBits = circomConstant('COIN_HIGH_BITS');
    expect(COIN_HASH_HIGH_LIMIT < 1n << highBits).toBe(true);
    expect(highBits + BigInt(COINS_PER_HASH)).toBe(254n);
  });

  it('packs seven features into one field element with room to spare', () => {
    expect(BigInt(FEATURE_BITS * FEATURE_NAMES.length) < 253n).toBe(true);
  });
});
