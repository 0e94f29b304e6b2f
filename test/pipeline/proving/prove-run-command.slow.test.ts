import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { proveCommand } from '../../../cli/commands/prove-command.js';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { releasedRun, runPipeline } from '../../../pipeline/run/index.js';
import { loadFormula, parseFormula, publishedFormulaPath } from '../../../pipeline/scoring/index.js';

// `stones prove` as a command (not yet registered in main.ts): the run folder from --out and
// --run, a progress line every --every proofs, and a summary.

const ARTIFACTS = new URL('../../../circuits/artifacts/batch-award-v3-b2-n128/', import.meta.url).pathname;

let dir: string;
let formulaPath: string;
let runId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stones-prove-cmd-'));
  const json = JSON.parse((await loadFormula(publishedFormulaPath())).canonicalJson) as { noise: { n: number }; batch_size: number };
  json.noise.n = 128;
  json.batch_size = 2;
  parseFormula(json, 'test formula');
  formulaPath = join(dir, 'formula.json');
  writeFileSync(formulaPath, JSON.stringify(json));
  const formula = await loadFormula(formulaPath);
  const { inputs } = await writeGeneratedInputs(dir, { users: 4, days: 20, seed: 11, start: '2026-10-05' });
  const hasher = new HashPool({ threads: 2 });
  const database = await openDatabase(join(dir, 'stones.duckdb'));
  try {
    const result = releasedRun(
      await runPipeline(database.connection, {
        inputs,
        timeZone: 'UTC',
        formula,
        pepper: 0x5eedn,
        outDir: join(dir, 'out'),
        hasher,
        poseidon: await createPoseidon(),
      }),
    );
    runId = result.commit.runId;
  } finally {
    await hasher.close();
    database.close();
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const args = (...extra: string[]) => ['--run', runId, '--db', join(dir, 'stones.duckdb'), '--out', join(dir, 'out'), '--formula', formulaPath, ...extra];

describe('stones prove', () => {
  it('proves the run into <out>/<run_id>/bundle/proofs, printing progress and a summary', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await proveCommand().parseAsync(args('--artifacts', ARTIFACTS, '--every', '1'), { from: 'user' });
    } finally {
      write.mockRestore();
    }
    const text = lines.join('');
    const proofs = readdirSync(join(dir, 'out', runId, 'bundle', 'proofs'));
    expect(proofs.length).toBeGreaterThanOrEqual(1);
    expect(text.match(/^proved \d+\/\d+ batches$/gm)?.length).toBe(proofs.length);
    expect(text).toMatch(new RegExp(`^proved: run ${runId}, ${proofs.length} batches with batch-award-v3-b2-n128 on \\d+ threads in `, 'm'));
  });

  it("refuses a formula other than the run's", async () => {
    await expect(
      proveCommand().parseAsync(
        args('--artifacts', ARTIFACTS).map((a) => (a === formulaPath ? publishedFormulaPath() : a)),
        { from: 'user' },
      ),
    ).rejects.toThrow(/another formula/);
  });
});
