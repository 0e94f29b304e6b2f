import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('stones-json-');

/** Runs a command with --json: exit 0 and stdout exactly one JSON document. */
function json(args: string[], env: NodeJS.ProcessEnv = {}): unknown {
  const result = runCli([...args, '--json'], { env });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.endsWith('}\n') || result.stdout.endsWith(']\n')).toBe(true);
  return JSON.parse(result.stdout);
}

describe('--json: stdout is one JSON document', { timeout: 240_000 }, () => {
  it('formula, generate', () => {
    expect(json(['formula'])).toMatchObject({ id: expect.any(String), k: expect.any(Number), n: expect.any(Number) });
    const out = join(tempDir(), 'trips.csv');
    expect(json(['generate', '--users', '3', '--days', '2', '--out', out])).toEqual({
      trips: { path: out, rows: expect.any(Number), format: 'csv' },
      owners: { path: join(tempDir(), 'trips.owners.csv'), rows: expect.any(Number), format: 'csv' },
      crystals: { path: join(tempDir(), 'trips.crystals.csv'), rows: expect.any(Number), format: 'csv' },
    });
  });

  it('ingest, features, commit, score, runs, verify-receipt, privacy ledger: the same results as the text', () => {
    const db = join(tempDir(), 'stones.duckdb');
    const out = join(tempDir(), 'out');
    const env = { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key'), STONES_DB: db, STONES_OUT: out };
    const ingest = json(['ingest', '--input', 'data-samples/trips.csv', 'data-samples/trips.owners.csv'], env) as { rowsAccepted: number; files: unknown[] };
    expect(ingest.files).toHaveLength(2);
    expect(ingest.rowsAccepted).toBeGreaterThan(0);
    expect(json(['features', '--period', '2026-10'], env)).toMatchObject({ period: '2026-10', time_zone: 'UTC', users: 201 });
    const commit = json(['commit', '--period', '2026-10'], env) as { run_id: string };
    expect(commit).toMatchObject({ period: '2026-10', users: 201, batches: 7, reused: false, data_root: expect.stringMatching(/^0x[0-9a-f]+$/) });
    expect(json(['score', '--run', commit.run_id, '--beacon', '0x5eed'], env)).toMatchObject({
      run_id: commit.run_id,
      users: 201,
      total_noisy: expect.stringMatching(/^\d+$/),
    });
    const score = json(['publish', '--run', commit.run_id], env) as { run_dir: string };
    expect(score).toMatchObject({ run_id: commit.run_id, run_dir: join(out, commit.run_id) });
    expect(json(['runs'], env)).toEqual([expect.objectContaining({ run_id: commit.run_id, status: 'published' })]);
    expect(json(['runs', '--run', commit.run_id], env)).toMatchObject({ run_id: commit.run_id, stages: expect.any(Array) });
    const receipt = join(tempDir(), 'receipt.json');
    writeFileSync(receipt, readFileSync(join(score.run_dir, 'receipts.jsonl'), 'utf8').split('\n')[0] as string);
    expect(json(['verify-receipt', join(score.run_dir, 'bundle'), receipt, '--allow-demo-beacon'], env)).toMatchObject({
      ok: true,
      failures: [],
      receipt: { run_id: commit.run_id },
    });
    expect(json(['privacy', 'ledger', '--period', '2026-10'], env)).toMatchObject({ period: '2026-10', ledger: expect.anything() });
  });

  it('run --no-prove: the run and its hand-off; stones handoff prints the same hand-off from the run folder, no database', () => {
    const out = join(tempDir(), 'out');
    const env = { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key'), STONES_DB: join(tempDir(), 'stones.duckdb'), STONES_OUT: out };
    const run = runCli(['run', '--no-prove', '--json'], { env });
    expect(run.status, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as { status: string; run_id: string; run_dir: string; handoff: { run_id: string }; handoff_path: string };
    expect(document).toMatchObject({
      status: 'released',
      period: '2026-10',
      run_dir: join(out, document.run_id),
      handoff_path: join(out, document.run_id, 'handoff.json'),
    });
    expect(document.handoff).toMatchObject({ run_id: document.run_id, period: '2026-10', awards_arrow: { path: join(out, document.run_id, 'awards.arrow') } });
    // The text went to stderr: the stages, and where the hand-off is.
    expect(run.stderr).toMatch(/^committed: run /m);
    expect(run.stderr).toContain(`awards-ready: ${document.handoff_path} (stones handoff --run ${document.run_id} prints it)`);
    expect(json(['handoff', '--run', document.run_id], { STONES_OUT: out })).toEqual(document.handoff);
    const none = runCli(['handoff', '--run', '2026-10-000000000000', '--out', out]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^stones: usage: no hand-off at .*handoff\.json: stones run writes it/);
  });
});
