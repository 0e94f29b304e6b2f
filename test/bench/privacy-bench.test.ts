import { describe, expect, it } from 'vitest';
import { benchPrivacy, formatPrivacyBench, naiveFloatLaplace, PRIVACY_BENCH_GOAL } from '../../bench/privacy-bench.js';
import { SeededRandomSource } from '../../pipeline/privacy/index.js';

describe('npm run bench -- privacy', () => {
  it('times every sampler at every scale next to the naive float Laplace, and says whether the goal is met', () => {
    const result = benchPrivacy({ msPerRun: 4, repeats: 1 });
    expect(result.rows.map((row) => `${row.sampler} ${row.parameter}`)).toEqual([
      'discrete Laplace b = 0.5',
      'discrete Laplace b = 3',
      'discrete Laplace b = 100',
      'discrete Laplace b = 10000',
      'discrete Gaussian sigma = 0.5',
      'discrete Gaussian sigma = 3',
      'discrete Gaussian sigma = 100',
      'discrete Gaussian sigma = 10000',
    ]);
    for (const row of result.rows) {
      expect(row.exactPerSecond).toBeGreaterThan(0);
      expect(row.ratio).toBeCloseTo(row.naivePerSecond / row.exactPerSecond, 12);
    }
    const text = formatPrivacyBench(result);
    expect(text).toContain('naive / exact');
    expect(text).toMatch(/goal (met|NOT met)/);
    expect(text.split('\n')).toHaveLength(2 + 1 + 8 + 1);
    expect(PRIVACY_BENCH_GOAL).toBe(20);
  });

  it('has a naive baseline that gives whole numbers of about the right spread', () => {
    const draw = naiveFloatLaplace(new SeededRandomSource('naive'), 3);
    let squares = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const x = draw();
      expect(Number.isInteger(x)).toBe(true);
      squares += x * x;
    }
    expect(squares / 20_000).toBeGreaterThan(15); // about 2 b^2 = 18
    expect(squares / 20_000).toBeLessThan(21);
  });
});
