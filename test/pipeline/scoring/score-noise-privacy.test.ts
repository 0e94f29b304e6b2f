import { describe, expect, it } from 'vitest';
import { loadFormula, parseFormula, publishedFormulaPath, scoreNoisePrivacy } from '../../../pipeline/scoring/index.js';
import { fixtureFormulaJson, withValue } from './formula-fixture.js';

describe('scoreNoisePrivacy', () => {
  it('gives the (epsilon, delta) of the published formula, worked by hand', async () => {
    const { formula } = await loadFormula(publishedFormulaPath());
    expect(formula.noise).toEqual({ k: 100, n: 2048, delta: 1e-8 });
    // Sensitivity 318 (score.test.ts), scale k = 100: Delta / s = 3.18. N = 2048, p = 1/2:
    // sigma^2 = 512, sigma = 22.627417. ln(1.25/1e-8) = ln 1.25 + 8 ln 10 = 18.643824,
    // ln(10/1e-8) = 9 ln 10 = 20.723266, ln(20/1e-8) = ln 2 + 9 ln 10 = 21.416413.
    // term 1: 3.18 * sqrt(2 * 18.643824) / 22.627417 = 3.18 * 6.106361 / 22.627417 = 0.858173
    // term 2: 3.18 * (2.474874 * sqrt(20.723266) + 1/3) / 512 = 3.18 * (11.266328 + 0.333333) / 512 = 0.072045
    // term 3: 3.18 * ((2/3) 18.643824 + (2/3) 21.416413 * 20.723266) / 512
    //       = 3.18 * (12.429216 + 295.878711) / 512 = 3.18 * 308.307927 / 512 = 1.914881
    // epsilon = 0.858173 + 0.072045 + 1.914881 = 2.845099
    // Condition: 512 >= max(23 * 20.723266 = 476.64, 2 * 318 / 100 = 6.36): holds.
    const privacy = scoreNoisePrivacy(formula);
    expect(privacy.sensitivity).toBe(318n);
    expect(privacy.delta).toBe(1e-8);
    expect(privacy.conditionHolds).toBe(true);
    expect(privacy.epsilon).toBeCloseTo(2.845099, 5);
  });

  it('is Infinity when the theorem does not apply (too few coins)', () => {
    // The fixture's n = 8 coins: sigma^2 = 2, far below 23 ln(10 / 1e-6) = 370.7.
    const privacy = scoreNoisePrivacy(parseFormula(fixtureFormulaJson(), 'fixture'));
    expect(privacy.conditionHolds).toBe(false);
    expect(privacy.epsilon).toBe(Infinity);
    expect(privacy.sensitivity).toBe(314n);
  });

  it('scales with sensitivity / k', () => {
    const json = withValue(fixtureFormulaJson(), 'noise.n', 2048);
    const small = scoreNoisePrivacy(parseFormula(withValue(json, 'noise.k', 314), 'fixture'));
    const large = scoreNoisePrivacy(parseFormula(withValue(json, 'noise.k', 157), 'fixture'));
    expect(large.epsilon).toBeCloseTo(2 * small.epsilon, 10);
  });
});
