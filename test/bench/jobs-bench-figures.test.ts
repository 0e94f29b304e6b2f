import { describe, expect, it } from 'vitest';
import { formatJobsBench, jobsBenchFigures, type JobsBenchResult, type JobsBenchRun } from '../../bench/jobs-bench-figures.js';

// The figures of `npm run bench -- jobs` are medians of what was measured and ratios of them; made-up
// timings here, so every number printed can be checked by hand.

const run = (mode: JobsBenchRun['mode'], round: number, totalMs: number, proveMs: number, jobsPerWorker?: number[]): JobsBenchRun => ({
  mode,
  round,
  totalMs,
  proveMs,
  proofMs: proveMs / 6,
  cpuMs: totalMs,
  batches: 6,
  verified: true,
  ...(jobsPerWorker ? { jobsPerWorker } : {}),
});

const result: JobsBenchResult = {
  circuit: 'batch-award-v3-b2-n128',
  users: 12,
  scoredUsers: 12,
  batches: 6,
  repeats: 3,
  cores: 2,
  loadAverage: 1.5,
  redis: 'REDIS_URL',
  runId: '2026-10-0123456789ab',
  dataRoot: `0x${'ab'.repeat(32)}`,
  awardsSha256: 'cd'.repeat(32),
  runs: [
    run('embedded', 1, 10_000, 9_000),
    run('oneWorker', 1, 11_000, 9_500, [6]),
    run('twoWorkers', 1, 6_000, 5_000, [3, 3]),
    run('oneWorker', 2, 10_600, 9_000, [6]),
    run('twoWorkers', 2, 6_200, 5_100, [4, 2]),
    run('embedded', 2, 9_000, 8_000),
    run('twoWorkers', 3, 9_000, 8_000, [3, 3]),
    run('embedded', 3, 12_000, 10_000),
    run('oneWorker', 3, 12_000, 10_000, [6]),
  ],
};

describe('jobs bench figures', () => {
  it('takes medians per mode and derives the overhead and the scaling from them', () => {
    const f = jobsBenchFigures(result);
    expect(f.embedded).toEqual({ runs: 3, totalSeconds: 10, proveSeconds: 9, batchesPerSecond: 6 / 9, proofSeconds: 1.5, coresBusy: 1 });
    expect(f.oneWorker).toEqual({ runs: 3, totalSeconds: 11, proveSeconds: 9.5, batchesPerSecond: 6 / 9.5, proofSeconds: 9.5 / 6, coresBusy: 1 });
    expect(f.twoWorkers.totalSeconds).toBe(6.2);
    expect(f.twoWorkers.proveSeconds).toBe(5.1);
    expect(f.overheadRatio).toBeCloseTo(1.1, 12);
    expect(f.overheadSeconds).toBeCloseTo(1, 12);
    expect(f.overheadMsPerBatch).toBeCloseTo(1000 / 6, 9);
    expect(f.scaling).toBeCloseTo(9.5 / 5.1, 12);
  });

  it('a negative overhead is printed as measured', () => {
    const faster = { ...result, runs: result.runs.map((r) => (r.mode === 'oneWorker' ? { ...r, totalMs: r.totalMs - 2_000 } : r)) };
    expect(formatJobsBench(faster)).toContain('0.90x, -1.00 s per run, -167 ms per batch');
  });

  it('prints the table, the ratios, what every run agreed on and every timed run', () => {
    const text = formatJobsBench(result);
    expect(text).toContain('batch-award-v3-b2-n128 (the small test instance, B = 2, n = 128), 12 users generated, 12 scored, 6 batches; median of 3 rounds');
    expect(text).toContain('one prover thread each');
    expect(text).toMatch(/embedded, 1 prover thread\s+10\.00\s+9\.00\s+0\.67\s+1\.50\s+1\.00/);
    expect(text).toContain('machine: 2 cores, 1-minute load average 1.50');
    expect(text).toMatch(/through Redis, 1 worker\s+11\.00\s+9\.50\s+0\.63/);
    expect(text).toMatch(/through Redis, 2 workers\s+6\.20\s+5\.10\s+1\.18/);
    expect(text).toContain('overhead of BullMQ (1 worker against embedded with 1 prover thread): 1.10x, +1.00 s per run, +167 ms per batch');
    expect(text).toContain('1 worker 0.63 batches/s, 2 workers 1.18 batches/s: 1.86x');
    expect(text).toContain(`run 2026-10-0123456789ab, data root 0x${'ab'.repeat(32)}`);
    expect(text).toContain('twoWorkers 6.00/5.00 (jobs 3+3), 6.20/5.10 (jobs 4+2), 9.00/8.00 (jobs 3+3)');
  });

  it('refuses a result without a run of some mode', () => {
    expect(() => jobsBenchFigures({ ...result, runs: result.runs.filter((r) => r.mode !== 'twoWorkers') })).toThrow(/no twoWorkers run/);
  });
});
