import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';
import { writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';

// `stones run --resume` of a run that failed while proving, on the committed B = 2, n = 128
// test artifacts: the proofs already made are kept (each checked), only the missing one is proved.

const tempDir = useTempDir('stones-resume-prove-');

describe('stones run --resume with proofs', () => {
  it('resumes a run that failed in prove without proving its kept batches again', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir);
    const { inputs } = await writeGeneratedInputs(dir, { users: 5, days: 15, seed: 4, start: '2026-10-10' });
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const common = [
      '--formula',
      formula,
      '--artifacts',
      join(REPO_ROOT, 'circuits/artifacts/batch-award-v3-b2-n128'),
      '--db',
      join(dir, 's.duckdb'),
      '--out',
      join(dir, 'out'),
    ];
    const first = runCli(['run', '--input', ...inputs, ...common], { env });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^proved: 3 batches/m);
    const runId = /committed: run (\S+),/.exec(first.stdout)?.[1] as string;
    const proofs = join(dir, 'out', runId, 'bundle', 'proofs');

    // A folder where batch 1's proof goes: its proof cannot be written, the prove stage fails.
    rmSync(join(proofs, 'batch-000001.json'));
    mkdirSync(join(proofs, 'batch-000001.json'));
    const kept = readFileSync(join(proofs, 'batch-000000.json'), 'utf8'); // a proof proved again would differ (Groth16 is randomised)
    const failed = runCli(['run', '--resume', runId, ...common], { env });
    expect(failed.status).toBe(1);
    expect(
      failed.stderr
        .replace(/^WARNING: .*\n/gm, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
    expect(failed.stderr).toMatch(/^stones: output: cannot write the run folder under .*: proving run .* failed: /m);
    expect(runCli(['runs', '--db', join(dir, 's.duckdb')]).stdout).toMatch(new RegExp(`^${runId} .* failed .* failed in prove: cannot write`, 'm'));

    rmSync(join(proofs, 'batch-000001.json'), { recursive: true }); // the cause, fixed
    const resumed = runCli(['run', '--resume', runId, ...common], { env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`^resumed: run ${runId}, .* was failed in prove: .*; attempt 3$`, 'm'));
    expect(resumed.stdout).toMatch(
      /^proved: 3 batches with batch-award-v3-b2-n128 on \d+ threads in [\d.]+ s \([\d.]+ s per proof; 2 kept from the last publish of this run\)/m,
    );
    expect(resumed.stdout).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
    expect(readFileSync(join(proofs, 'batch-000000.json'), 'utf8')).toBe(kept);

    const history = JSON.parse(runCli(['runs', '--db', join(dir, 's.duckdb'), '--run', runId, '--json']).stdout) as {
      status: string;
      attempts: number;
      stages: { attempt: number; stage: string; status: string; counts: Record<string, unknown> | null }[];
    };
    expect(history).toMatchObject({ status: 'published', attempts: 3 });
    expect(history.stages.filter((s) => s.attempt === 3).map((s) => s.stage)).toEqual(['score', 'statistics', 'publish', 'prove', 'verify']);
    expect(history.stages.find((s) => s.attempt === 3 && s.stage === 'prove')?.counts).toMatchObject({ batches: 3, proved: 1, kept: 2 });
    expect(history.stages.find((s) => s.attempt === 2 && s.stage === 'prove')?.status).toBe('failed');
    expect(history.stages.filter((s) => s.stage === 'commit')).toHaveLength(1);
  }, 300_000);
});
