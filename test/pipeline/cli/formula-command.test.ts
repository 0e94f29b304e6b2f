import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binomialEpsilon } from '../../../pipeline/privacy/index.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

// `stones formula`: the published formula's privacy and noise from the exact accountant, and a
// formula whose n misses its target is refused in one line naming the least n that meets it.

describe('stones formula', () => {
  const dir = useTempDir('stones-formula-');

  it('prints the certified epsilon, the least n for the target, the noise sd and the trade-off table', () => {
    const run = runCli(['formula']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('sensitivity 228 score points, k = 114: one user-day moves q = floor(score / k) by at most 2 lattice steps');
    expect(run.stdout).toContain('noise: n = 128 coins, sd 645 score units');
    expect(run.stdout).toContain('epsilon 1.9884 per user-day and release at delta 1e-8 (exact accountant; target 2, least n that meets it: 128)');
    expect(run.stdout).toMatch(/^\s+114\s+128\s+2\s+1\.9884\s+645\s+<- the formula$/m);
    expect(run.stdout).toMatch(/^\s+228\s+32\s+1\s+2\.6899\s+645$/m);
  });

  it('gives the same figures as JSON, each row from the accountant', () => {
    const run = runCli(['formula', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as {
      epsilon: number;
      least_n_for_target: number;
      tradeoff: { k: number; n: number; lattice_shift: number; epsilon: number | null }[];
    };
    expect(json.epsilon).toBe(1.9884);
    expect(json.least_n_for_target).toBe(128);
    for (const row of json.tradeoff) {
      const exact = binomialEpsilon({ n: row.n, maxShift: row.lattice_shift, delta: 1e-8 });
      expect(row.epsilon, `k ${row.k}, n ${row.n}`).toBe(Number.isFinite(exact) ? exact : null);
    }
  });

  it('refuses a formula whose n misses the target, naming the least n', () => {
    const formula = JSON.parse(readFileSync(join(REPO_ROOT, 'formula.json'), 'utf8')) as { noise: { n: number } };
    formula.noise.n = 96;
    const path = join(dir(), 'formula.json');
    writeFileSync(path, JSON.stringify(formula));
    const run = runCli(['formula', '--formula', path]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^stones: config: .*formula\.json: noise\.n: 96 coins give epsilon 2\.3751 per user-day at delta 1e-8 .*above the target 2; the least n that meets it is 128$/m,
    );
  });
});
