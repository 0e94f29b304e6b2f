import { describe, expect, it } from 'vitest';
import { formatProveBench, proveBenchFigures, type ProveBenchResult } from '../../bench/prove-bench-figures.js';

// The arithmetic of `stones bench prove` on made-up measurements (the bench itself is in
// prove-bench.slow.test.ts): rates from users and wall time, verification scaled to 10,000
// users by proofs, workers for 1,000,000 users in 8 hours rounded up.

const RESULT: ProveBenchResult = {
  coins: 2048,
  threads: 2,
  warmUpProofs: 2,
  batch: { circuit: 'batch-award-b8-n2048', constraints: 115_230, usersPerProof: 8, proofs: 4, users: 32, wallSeconds: 80, proofSeconds: 39.5, verifications: 50, verifyMs: 10 },
  baseline: { circuit: 'single-award-d20-n2048', constraints: 21_004, usersPerProof: 1, proofs: 8, users: 8, wallSeconds: 40, proofSeconds: 9.8, verifications: 50, verifyMs: 8 },
};

describe('prove bench figures', () => {
  it('derives rates, the ratio, verification per 10,000 users and workers for a night', () => {
    const f = proveBenchFigures(RESULT);
    expect(f.batch.usersPerSecond).toBeCloseTo(0.4);
    expect(f.baseline.usersPerSecond).toBeCloseTo(0.2);
    expect(f.batch.secondsPerUser).toBeCloseTo(2.5);
    expect(f.ratio).toBeCloseTo(2);
    expect(f.goalMet).toBe(false);
    expect(f.batch.proofsPer10kUsers).toBe(1250);
    expect(f.batch.verifySecondsPer10kUsers).toBeCloseTo(12.5);
    expect(f.baseline.proofsPer10kUsers).toBe(10_000);
    expect(f.baseline.verifySecondsPer10kUsers).toBeCloseTo(80);
    // 1,000,000 / 0.4 users/s = 2,500,000 s = 694.4 h -> 87 workers of 8 hours (86.8 rounded up).
    expect(f.batch.workerHoursPerFleet).toBeCloseTo(694.444, 2);
    expect(f.batch.workersForNight).toBe(87);
    expect(f.baseline.workersForNight).toBe(174);
  });

  it('rounds the proofs per 10,000 users up when the batch size does not divide it', () => {
    const f = proveBenchFigures({ ...RESULT, batch: { ...RESULT.batch, usersPerProof: 3 } });
    expect(f.batch.proofsPer10kUsers).toBe(3334);
  });

  it('says whether the 5x goal is met', () => {
    expect(proveBenchFigures({ ...RESULT, baseline: { ...RESULT.baseline, wallSeconds: 200 } }).goalMet).toBe(true);
  });

  it('prints every figure, the ratio against the goal and where the scaled numbers come from', () => {
    const text = formatProveBench(RESULT);
    expect(text).toContain('batch-award-b8-n2048 (115,230 constraints, 8 users a proof): 4 proofs, 32 users in 80.0 s wall');
    expect(text).toContain('single-award-d20-n2048 (21,004 constraints, 1 user a proof): 8 proofs, 8 users in 40.0 s wall');
    expect(text).toContain('0.400 users/s');
    expect(text).toContain("2.00x the baseline's users per second (goal: at least 5x, NOT met)");
    expect(text).toContain('per 10,000 users, scaled from the measured time per proof: batch 1,250 proofs, 12.5 s; baseline 10,000 proofs, 80.0 s');
    expect(text).toContain('batch 694.4 worker-hours, so 87 workers prove a night');
    expect(text).toContain('baseline 1,388.9 worker-hours, 174 workers');
  });
});
