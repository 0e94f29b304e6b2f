import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { REPO_ROOT, runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';
import { writeSmallCircuitFormula } from '../../support/small-circuit-formula.js';

// `stones run` end to end with proofs, as `npm start` runs it, on the committed B = 2, n = 128
// test artifacts (the published B = 8, n = 2048 instance takes minutes per run): every batch
// proved, the bundle verified in-process, and again by `stones verify` in its own process.

const tempDir = useTempDir('stones-run-prove-');

describe('stones run with proofs', () => {
  it('proves every batch, verifies the bundle, and stones verify agrees', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir);
    const { inputs } = await writeGeneratedInputs(dir, { users: 5, days: 15, seed: 4, start: '2026-10-10' });
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const artifacts = join(REPO_ROOT, 'circuits/artifacts/batch-award-v3-b2-n128');
    const run = runCli(
      ['run', '--input', ...inputs, '--formula', formula, '--artifacts', artifacts, '--db', join(dir, 's.duckdb'), '--out', join(dir, 'out')],
      { env },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^proved: 3 batches with batch-award-v3-b2-n128 on \d+ threads/m);
    expect(run.stdout).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
    const bundle = join(/written: (\S+)/.exec(run.stdout)?.[1] as string, 'bundle');
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as { proofs: { circuit: string } };
    expect(manifest.proofs.circuit).toBe('batch-award-v3-b2-n128');
    const verified = runCli(['verify', bundle, '--formula', formula, '--verification-key', join(artifacts, 'verification_key.json'), '--allow-demo-beacon']);
    expect(verified.status, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/^VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);

    // Run again: the same run is published again and keeps its proofs, each checked.
    const args = ['run', '--input', ...inputs, '--formula', formula, '--artifacts', artifacts, '--db', join(dir, 's.duckdb'), '--out', join(dir, 'out')];
    const again = runCli(args, { env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^proved: 3 batches with batch-award-v3-b2-n128: all 3 proofs kept from the last publish of this run \(each checked\)/m);
    expect(again.stdout).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);

    // A proof that no longer verifies is proved again; the others are kept.
    const proofPath = join(bundle, 'proofs', 'batch-000001.json');
    const broken = JSON.parse(readFileSync(proofPath, 'utf8')) as { proof: { pi_a: string[] } };
    broken.proof.pi_a[0] = String(BigInt(broken.proof.pi_a[0] as string) + 1n);
    writeFileSync(proofPath, JSON.stringify(broken));
    const third = runCli(args, { env });
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toMatch(
      /^proved: 3 batches with batch-award-v3-b2-n128 on \d+ threads in [\d.]+ s \([\d.]+ s per proof; 2 kept from the last publish of this run\)/m,
    );
    expect(third.stdout).toMatch(/^verify: VERIFIED: 41 checks passed \(\d+ with nothing to check\), 3 of 3 proofs valid/m);
  }, 240_000);

  it('refuses, in one line, a formula whose circuit has no ceremony artifacts, before loading anything', async () => {
    const dir = tempDir();
    const formula = await writeSmallCircuitFormula(dir);
    const run = runCli(
      ['run', '--formula', formula, '--artifacts', join(dir, 'batch-award-v3-b2-n128'), '--db', join(dir, 's.duckdb'), '--out', join(dir, 'out')],
      {
        env: { STONES_PEPPER_FILE: join(dir, 'pepper.key') },
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^stones: usage: --artifacts .*: no circuit\.wasm \(run stones ceremony for batch-award-v3-b2-n128\)/);
    expect(run.stdout).not.toContain('rows read');
  });
});
