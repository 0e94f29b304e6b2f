import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASELINE_CIRCUIT, benchProve, formatProveBench, proveBenchFigures } from '../../bench/prove-bench.js';
import { UsageError } from '../../pipeline/errors/index.js';

// `npm run bench -- prove --batch-size 2` at its smallest, on the committed test instance and the
// single-award-v3-d20-n128 baseline: every proof is built from the pipeline's owners and
// verifies (benchProve throws otherwise), and the figures come out of what was measured.

const scratch = mkdtempSync(join(tmpdir(), 'stones-bench-prove-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run bench -- prove, B = 2', () => {
  it('proves 2 batches and 2 single owners, verifies them and reports the figures', async () => {
    const lines: string[] = [];
    const result = await benchProve({ batchSizes: [2], batches: 2, users: 2, threads: 1, verifications: 2, log: (line) => lines.push(line) });
    expect(result.batches).toHaveLength(1);
    expect(result.batches[0]).toMatchObject({ circuit: 'batch-award-v3-b2-n128', usersPerProof: 2, proofs: 2, users: 4, verifications: 2 });
    expect(result.baseline).toMatchObject({ circuit: BASELINE_CIRCUIT, usersPerProof: 1, proofs: 2, users: 2, verifications: 2 });
    for (const side of [...result.batches, result.baseline]) {
      expect(side.wallSeconds).toBeGreaterThan(0);
      expect(side.proofSeconds).toBeGreaterThan(0);
      expect(side.verifyMs).toBeGreaterThan(0);
    }
    expect(result.batches[0]?.constraints).toBeGreaterThan(5_000);
    const figures = proveBenchFigures(result);
    expect(Number.isFinite(figures.batches[0]?.ratio) && (figures.batches[0]?.ratio as number) > 0).toBe(true);
    const text = formatProveBench(result);
    console.info(`${lines.join('\n')}\n${text}`);
    expect(text).toContain('batch-award-v3-b2-n128');
    expect(text).toContain(BASELINE_CIRCUIT);
  }, 180_000);

  it('refuses to run without the artifacts of the circuits', async () => {
    await expect(benchProve({ batchSizes: [2], batches: 1, users: 1, threads: 1, verifications: 1, artifactsRoot: scratch })).rejects.toThrow(UsageError);
  });
});
