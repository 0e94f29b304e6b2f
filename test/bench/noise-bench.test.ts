import { describe, expect, it } from 'vitest';
import { benchNoise, formatNoiseBench } from '../../bench/noise-bench.js';
import { publishedFormulaPath } from '../../pipeline/scoring/index.js';

// `npm run bench -- noise` on the bundled sample: the utility figures come from the awards the
// pipeline's functions give under the noise, against the fair awards of the true scores. The
// published formula must meet the goal; formula version 1 (no lattice) must not.

describe('npm run bench -- noise', () => {
  it('measures the formula against version 1 on the bundled sample', async () => {
    const result = await benchNoise({ formulaPath: publishedFormulaPath(), rounds: 20 });
    expect(result.owners).toBe(201);
    const published = result.designs.find((d) => d.label === 'the formula');
    const v1 = result.designs.find((d) => d.label.startsWith('version 1'));
    expect(published).toMatchObject({ k: 114, n: 128, quantised: true, epsilon: 1.9884 });
    expect(published!.correlation).toBeGreaterThanOrEqual(0.8);
    expect(published!.medianRelativeError).toBeLessThanOrEqual(0.25);
    expect(v1).toMatchObject({ k: 100, n: 2048, quantised: false, epsilon: Infinity });
    expect(v1!.correlation).toBeLessThan(0.6);
    expect(v1!.medianRelativeError).toBeGreaterThan(0.4);
    // More noise, less utility: at the same shift, more coins never help the awards.
    const k114 = result.designs.filter((d) => d.k === 114).sort((a, b) => a.n - b.n);
    expect(k114.length).toBeGreaterThan(2);
    expect(k114[0]!.correlation).toBeGreaterThan(k114.at(-1)!.correlation);
    const text = formatNoiseBench(result);
    expect(text).toContain('<- the formula');
    expect(text).toMatch(/goal at the published epsilon: .*: met$/m);
  }, 60_000);
});
