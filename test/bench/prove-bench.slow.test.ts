import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchProve, formatProveBench, proveBenchFigures } from '../../bench/prove-bench.js';
import { UsageError } from '../../pipeline/errors/index.js';

// `stones bench prove --coins 256` at its smallest, on the committed b2-n256 artifacts and the
// single-award-d20-n256 baseline: every proof is built from the pipeline's users and verifies
// (benchProve throws otherwise), and the figures come out of what was measured.

const scratch = mkdtempSync(join(tmpdir(), 'stones-bench-prove-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('stones bench prove, n = 256', () => {
  it('proves 2 batches and 2 single users, verifies them and reports the figures', async () => {
    const lines: string[] = [];
    const result = await benchProve({ coins: 256, batches: 2, users: 2, threads: 1, verifications: 2, log: (line) => lines.push(line) });
    expect(result.batch).toMatchObject({ circuit: 'batch-award-b2-n256', usersPerProof: 2, proofs: 2, users: 4, verifications: 2 });
    expect(result.baseline).toMatchObject({ circuit: 'single-award-d20-n256', usersPerProof: 1, proofs: 2, users: 2, verifications: 2 });
    for (const side of [result.batch, result.baseline]) {
      expect(side.wallSeconds).toBeGreaterThan(0);
      expect(side.proofSeconds).toBeGreaterThan(0);
      expect(side.verifyMs).toBeGreaterThan(0);
    }
    expect(result.batch.constraints).toBeGreaterThan(8_000);
    const figures = proveBenchFigures(result);
    expect(Number.isFinite(figures.ratio) && figures.ratio > 0).toBe(true);
    const text = formatProveBench(result);
    console.info(`${lines.join('\n')}\n${text}`);
    expect(text).toContain('batch-award-b2-n256');
    expect(text).toContain('single-award-d20-n256');
  }, 120_000);

  it('refuses to run without the artifacts of both circuits', async () => {
    await expect(benchProve({ coins: 256, batches: 1, users: 1, threads: 1, verifications: 1, artifactsRoot: scratch })).rejects.toThrow(UsageError);
  });
});
