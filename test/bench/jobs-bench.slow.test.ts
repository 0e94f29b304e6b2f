import { describe, expect, it } from 'vitest';
import { benchJobs, formatJobsBench, jobsBenchFigures } from '../../bench/jobs-bench.js';
import { UsageError } from '../../pipeline/errors/index.js';
import { useTestRedis } from '../support/redis-server.js';

// `npm run bench -- jobs` at its smallest, against the test Redis: 4 users (2 batches of the
// b2-n256 test circuit), one round of embedded, through Redis with 1 worker and with 2. benchJobs
// throws when a run does not verify, keeps proofs instead of proving, or disagrees with the
// warm-up run; here the figures must come out of what was measured.

const redis = useTestRedis();

describe('npm run bench -- jobs (real Redis, small circuit)', () => {
  it('times the embedded run and runs through Redis with 1 and 2 workers, all verified and alike', async () => {
    const lines: string[] = [];
    const result = await benchJobs({ users: 4, repeats: 1, redisUrl: redis().url, prefix: redis().prefix, log: (line) => lines.push(line) });
    expect(result.circuit).toBe('batch-award-v3-b2-n128');
    expect(result.redis).toBe('the Redis given to the bench');
    expect(result.scoredUsers).toBeGreaterThan(0);
    expect(result.batches).toBe(Math.ceil(result.scoredUsers / 2));
    expect(result.runs.map((run) => run.mode)).toEqual(['embedded', 'oneWorker', 'twoWorkers']);
    expect(result.runs.find((run) => run.mode === 'twoWorkers')?.jobsPerWorker?.reduce((a, b) => a + b, 0)).toBe(result.batches);
    for (const run of result.runs) {
      expect(run.verified).toBe(true);
      expect(run.batches).toBe(result.batches);
      expect(run.totalMs).toBeGreaterThan(0);
      expect(run.proveMs).toBeGreaterThan(0);
      expect(run.proveMs).toBeLessThan(run.totalMs);
      expect(run.proofMs).toBeGreaterThan(0);
      expect(run.cpuMs).toBeGreaterThan(0);
    }
    expect(result.runId).toMatch(/^2026-10-/);
    expect(result.dataRoot).toMatch(/^0x[0-9a-f]{64}$/);
    expect(result.awardsSha256).toMatch(/^[0-9a-f]{64}$/);

    const figures = jobsBenchFigures(result);
    expect(figures.overheadRatio).toBeGreaterThan(0);
    expect(Number.isFinite(figures.overheadMsPerBatch)).toBe(true);
    expect(figures.oneWorker.batchesPerSecond).toBeGreaterThan(0);
    expect(figures.scaling).toBeGreaterThan(0);
    const text = formatJobsBench(result);
    console.info(`${lines.join('\n')}\n${text}`);
    expect(text).toContain('batch-award-v3-b2-n128');
    expect(text).toContain('one prover thread each');
  }, 120_000);

  it('refuses sizes that are not positive whole numbers before starting anything', async () => {
    await expect(benchJobs({ users: 0, redisUrl: redis().url, prefix: redis().prefix })).rejects.toThrow(UsageError);
    await expect(benchJobs({ users: 4, repeats: 1.5, redisUrl: redis().url, prefix: redis().prefix })).rejects.toThrow(UsageError);
  });
});
