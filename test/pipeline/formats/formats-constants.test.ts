import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BN254_FIELD_MODULUS } from '../../../pipeline/commitments/poseidon/index.js';
import { BN254_FIELD_MODULUS as FORMATS_MODULUS, FORMAT_BIT_WIDTHS, RECEIPT_FEATURE_NAMES, STATS_STATISTIC_NAMES } from '../../../pipeline/formats/index.js';
import { DRAW_STONES_BITS, DRAW_WEIGHT_BITS, ENTRY_BITS, POOL_BITS, SCORE_BITS, USERS_BITS } from '../../../pipeline/scoring/circuit-bit-widths.js';
import { FEATURE_NAMES, STATISTIC_NAMES } from '../../../pipeline/scoring/index.js';
import { REPO_ROOT } from '../../support/cli.js';

// pipeline/formats repeats a few constants so that it imports nothing but zod; these are the
// tests that keep the copies equal to the pipeline's own.
describe('pipeline/formats', () => {
  it('repeats the field modulus, bit widths, feature names and statistic names of the pipeline exactly', () => {
    expect(FORMATS_MODULUS).toBe(BN254_FIELD_MODULUS);
    expect(FORMAT_BIT_WIDTHS).toEqual({
      score: SCORE_BITS,
      pool: POOL_BITS,
      users: USERS_BITS,
      entries: ENTRY_BITS,
      draw_stones: DRAW_STONES_BITS,
      draw_weight: DRAW_WEIGHT_BITS,
    });
    expect(RECEIPT_FEATURE_NAMES).toEqual(FEATURE_NAMES);
    expect(STATS_STATISTIC_NAMES).toEqual(STATISTIC_NAMES);
  });

  it('imports nothing but zod and its own files (it is the browser-safe stones/formats entry)', () => {
    const dir = join(REPO_ROOT, 'pipeline', 'formats');
    const imports = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        [...readFileSync(join(dir, name), 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)].map((m) => ({
          name,
          from: m[1] ?? m[2],
        })),
      );
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.filter(({ from }) => from !== 'zod' && !/^\.\/[a-z0-9-]+\.js$/.test(from as string))).toEqual([]);
  });
});
