import { describe, expect, it } from 'vitest';
import { formatProveBench, proveBenchFigures, type ProveBenchResult } from '../../bench/prove-bench-figures.js';

// The arithmetic of `npm run bench -- prove` on made-up measurements (the bench itself is in
// prove-bench.slow.test.ts): rates from owners and wall time, each batch size against the
// baseline, verification scaled to 10,000 owners by proofs, workers for 1,000,000 owners in 8
// hours rounded up, and the batch size with the most owners per second.

const RESULT: ProveBenchResult = {
  coins: 128,
  threads: 2,
  warmUpProofs: 2,
  batches: [
    {
      circuit: 'batch-award-v3-b8-n128',
      constraints: 16_278,
      usersPerProof: 8,
      proofs: 4,
      users: 32,
      wallSeconds: 20,
      proofSeconds: 9.5,
      verifications: 50,
      verifyMs: 10,
    },
    {
      circuit: 'batch-award-v3-b16-n128',
      constraints: 30_140,
      usersPerProof: 16,
      proofs: 4,
      users: 64,
      wallSeconds: 32,
      proofSeconds: 15.5,
      verifications: 50,
      verifyMs: 10,
    },
  ],
  baseline: {
    circuit: 'single-award-v3-d20-n128',
    constraints: 8_509,
    usersPerProof: 1,
    proofs: 8,
    users: 8,
    wallSeconds: 20,
    proofSeconds: 4.8,
    verifications: 50,
    verifyMs: 8,
  },
};

describe('prove bench figures', () => {
  it('derives rates, each ratio, verification per 10,000 owners and workers for a night', () => {
    const f = proveBenchFigures(RESULT);
    const [b8, b16] = f.batches as [(typeof f.batches)[number], (typeof f.batches)[number]];
    expect(b8.usersPerSecond).toBeCloseTo(1.6);
    expect(b16.usersPerSecond).toBeCloseTo(2);
    expect(f.baseline.usersPerSecond).toBeCloseTo(0.4);
    expect(b16.secondsPerUser).toBeCloseTo(0.5);
    expect(b8.ratio).toBeCloseTo(4);
    expect(b16.ratio).toBeCloseTo(5);
    expect(b8.goalMet && b16.goalMet).toBe(true);
    expect(f.best).toBe(1);
    expect(b16.proofsPer10kUsers).toBe(625);
    expect(b16.verifySecondsPer10kUsers).toBeCloseTo(6.25);
    expect(f.baseline.proofsPer10kUsers).toBe(10_000);
    expect(f.baseline.verifySecondsPer10kUsers).toBeCloseTo(80);
    // 1,000,000 / 2 owners/s = 500,000 s = 138.9 h -> 18 workers of 8 hours (17.4 rounded up).
    expect(b16.workerHoursPerFleet).toBeCloseTo(138.889, 2);
    expect(b16.workersForNight).toBe(18);
    expect(f.baseline.workersForNight).toBe(87);
  });

  it('rounds the proofs per 10,000 owners up when the batch size does not divide it', () => {
    const f = proveBenchFigures({ ...RESULT, batches: [{ ...(RESULT.batches[0] as ProveBenchResult['batches'][number]), usersPerProof: 3 }] });
    expect(f.batches[0]?.proofsPer10kUsers).toBe(3334);
  });

  it('says whether the 3x goal is met', () => {
    const slowBaseline = proveBenchFigures({ ...RESULT, baseline: { ...RESULT.baseline, wallSeconds: 10 } });
    expect(slowBaseline.batches.map((b) => b.goalMet)).toEqual([false, false]);
  });

  it('prints every figure, each ratio against the goal, the best batch size and where the scaled numbers come from', () => {
    const text = formatProveBench(RESULT);
    expect(text).toContain('batch-award-v3-b16-n128 (30,140 constraints, 1,884 an owner, 16 owners a proof): 4 proofs, 64 owners in 32.0 s wall');
    expect(text).toContain('single-award-v3-d20-n128 (8,509 constraints, 8,509 an owner, 1 owner a proof): 8 proofs, 8 owners in 20.0 s wall');
    expect(text).toContain("ratio B = 16: 5.00x the baseline's owners per second (goal: at least 3x, met)");
    expect(text).toContain("ratio B = 8: 4.00x the baseline's owners per second (goal: at least 3x, met)");
    expect(text).toContain('most owners per second: B = 16 (batch-award-v3-b16-n128)');
    expect(text).toContain('B = 16 625 proofs, 6.3 s');
    expect(text).toContain('B = 16 138.9 worker-hours, so 18 workers prove a night');
  });
});
