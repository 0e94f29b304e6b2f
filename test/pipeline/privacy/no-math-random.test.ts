import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli.js';
import { filesUnder } from '../../support/scan-files.js';

const PRIVACY = join(REPO_ROOT, 'pipeline', 'privacy');
// The code that draws noise: nothing in it may use floating-point transcendental functions either.
const SAMPLING_FILES = ['random-source.ts', 'bernoulli.ts', 'bernoulli-exp.ts', 'discrete-laplace.ts', 'discrete-gaussian.ts'];

describe('randomness in pipeline/privacy', () => {
  it('never uses Math.random', () => {
    const sources = filesUnder(PRIVACY).filter((file) => file.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    const offenders = sources.filter((file) => /Math\s*\.\s*random|Math\s*\[\s*['"]random/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('draws noise with no Math.log, Math.exp or Math.pow (no floating-point noise)', () => {
    for (const name of SAMPLING_FILES) {
      const text = readFileSync(join(PRIVACY, name), 'utf8');
      expect(text.match(/Math\.(log|log1p|log2|exp|expm1|pow|sqrt)\b/g), name).toBeNull();
    }
  });

  it('takes its randomness from node:crypto only', () => {
    const imports = filesUnder(PRIVACY)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from '([^.'][^']*)'/g)].map((match) => match[1]));
    expect(new Set(imports)).toEqual(new Set(['node:crypto', 'node:os']));
  });
});
