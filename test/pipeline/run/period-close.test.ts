import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashPool } from '../../../pipeline/commitments/hash-pool/index.js';
import { createPoseidon, type PoseidonHasher } from '../../../pipeline/commitments/poseidon/index.js';
import { openDatabase } from '../../../pipeline/db/index.js';
import { releasedRun, runPipeline, type RunPipelineOptions } from '../../../pipeline/run/index.js';
import { loadFormula, publishedFormulaPath, type LoadedFormula } from '../../../pipeline/scoring/index.js';
import { runCli } from '../../support/cli.js';
import { writeGeneratedInputs } from '../../support/generated-inputs.js';
import { useTempDir } from '../../support/temp-dir.js';

// A period's scores are released once, at its close: its end (local midnight after its last
// day) plus the formula's grace days (3). October 2026 in UTC ends at 2026-11-01T00:00Z and
// closes at 2026-11-04T00:00Z. Before that a run loads the files and computes the features,
// and commits, draws and spends nothing. Every run here says when it acts (`now`), so nothing
// depends on today's date.

const tempDir = useTempDir('stones-period-close-');
const PEPPER = BigInt(`0x5ec2e7${'3c'.repeat(28)}`);
const CLOSE = new Date('2026-11-04T00:00:00.000Z');
const GENERATED = { users: 12, days: 31, seed: 21, start: '2026-10-01' };

let formula: LoadedFormula;
let poseidon: PoseidonHasher;
let hasher: HashPool;

beforeAll(async () => {
  formula = await loadFormula(publishedFormulaPath());
  poseidon = await createPoseidon();
  hasher = new HashPool({ threads: 1 });
});

afterAll(async () => {
  await hasher?.close();
});

/** Rows of the tables a commit, a score or a release would write. */
async function written(connection: DuckDBConnection): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['runs', 'run_stages', 'run_users', 'run_batches', 'salts', 'owner_tags', 'privacy_ledger']) {
    counts[table] = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]?.[0]);
  }
  return counts;
}

const NOTHING = { runs: 0, run_stages: 0, run_users: 0, run_batches: 0, salts: 0, owner_tags: 0, privacy_ledger: 0 };

describe('runPipeline before and at the close of its period', () => {
  it('inside the period and in the grace days: open, with features, and nothing committed, scored or spent; at the close: released', async () => {
    const dir = tempDir();
    const { inputs } = await writeGeneratedInputs(dir, GENERATED);
    const outDir = join(dir, 'out');
    const database = await openDatabase(join(dir, 'stones.duckdb'));
    try {
      const options = (now: Date): RunPipelineOptions => ({ inputs, timeZone: 'UTC', formula, pepper: PEPPER, outDir, hasher, poseidon, now });

      const during = await runPipeline(database.connection, options(new Date('2026-10-20T12:00:00Z')));
      expect(during.status).toBe('open');
      if (during.status !== 'open') return;
      expect(during.period.id).toBe('2026-10');
      expect(during.closesAt.toISOString()).toBe(CLOSE.toISOString());
      expect(during.ingest.files.map((f) => [f.kind, f.status])).toEqual([
        ['trips', 'loaded'],
        ['owners', 'loaded'],
        ['crystals', 'loaded'],
      ]);
      // The features are computed (one row per enrolled owner), and that is all.
      const featureRows = Number((await database.connection.runAndReadAll(`SELECT count(*) FROM features WHERE period = '2026-10'`)).getRows()[0]?.[0]);
      expect(during.features.users).toBe(featureRows);
      expect(featureRows).toBeGreaterThan(0);
      expect(await written(database.connection)).toEqual(NOTHING);
      expect(existsSync(outDir)).toBe(false);
      expect(() => releasedRun(during)).toThrow(/^period 2026-10 is open until 2026-11-04T00:00:00\.000Z: nothing was released$/);

      // One second before the close: still open (the files are loaded already).
      const justBefore = await runPipeline(database.connection, options(new Date(CLOSE.getTime() - 1000)));
      expect(justBefore.status).toBe('open');
      expect(justBefore.ingest.files.map((f) => f.status)).toEqual(['already_loaded', 'already_loaded', 'already_loaded']);
      expect(await written(database.connection)).toEqual(NOTHING);
      expect(existsSync(outDir)).toBe(false);

      // Exactly at the close: the period's one release.
      const atClose = releasedRun(await runPipeline(database.connection, options(CLOSE)));
      expect(atClose.period.id).toBe('2026-10');
      expect(atClose.commit.reused).toBe(false);
      expect(atClose.score.users).toBe(featureRows);
      expect(atClose.publish.manifest.privacy.release).toEqual({ index: 1, period_epsilon: 1.9884, period_delta: 1e-8, period_epsilon_budget: 4 });
      expect(existsSync(join(atClose.publish.runDir, 'bundle', 'manifest.json'))).toBe(true);
      const after = await written(database.connection);
      expect(after).toMatchObject({ runs: 1, run_users: featureRows, salts: featureRows, owner_tags: featureRows });
      // One score release (binomial) and the statistics it came with.
      const ledger = (await database.connection.runAndReadAll(`SELECT mechanism, count(*) FROM privacy_ledger GROUP BY ALL ORDER BY ALL`)).getRowsJS();
      expect(ledger.find(([mechanism]) => mechanism === 'binomial')).toEqual(['binomial', 1n]);
    } finally {
      database.close();
    }
  }, 120_000);

  it("judges the close in the period's time zone: October in Asia/Shanghai closes 8 hours before October in UTC", async () => {
    const dir = tempDir();
    const { inputs } = await writeGeneratedInputs(dir, GENERATED);
    const database = await openDatabase(join(dir, 'stones.duckdb'));
    try {
      const base = { inputs, timeZone: 'Asia/Shanghai', formula, pepper: PEPPER, outDir: join(dir, 'out'), hasher, poseidon };
      // Local midnight of 11-01 in Shanghai is 10-31T16:00Z; plus 3 days.
      const close = new Date('2026-11-03T16:00:00.000Z');
      const before = await runPipeline(database.connection, { ...base, periodId: '2026-10', now: new Date(close.getTime() - 1) });
      expect(before).toMatchObject({ status: 'open', closesAt: close });
      expect(await written(database.connection)).toEqual(NOTHING);
      const at = releasedRun(await runPipeline(database.connection, { ...base, periodId: '2026-10', now: close }));
      expect(at.period.timeZone).toBe('Asia/Shanghai');
    } finally {
      database.close();
    }
  }, 120_000);
});

describe('stones run of an open period', () => {
  it('prints what it loaded and when the period closes, exits 0, and writes no run, no salt, no ledger row and no folder', async () => {
    const dir = tempDir();
    const { inputs } = await writeGeneratedInputs(dir, GENERATED);
    const db = join(dir, 'stones.duckdb');
    const out = join(dir, 'out');
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    const run = runCli(['run', '--no-prove', '--input', ...inputs, '--db', db, '--out', out, '--now', '2026-11-02T08:00:00Z'], { env });
    expect(run.stderr).toBe(''); // no beacon drawn: no demo-beacon warning either
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(
      "open: period 2026-10 closes at 2026-11-04T00:00:00.000Z (its end plus the formula's grace days): " +
        'its scores and awards are released once, by the first run after that; nothing committed, scored or spent',
    );
    expect(run.stdout).toMatch(/^features: period 2026-10 \(UTC\), \d+ enrolled owners, \d+ drove/m);
    expect(run.stdout).not.toMatch(/^(already committed|committed|already scored|scored|privacy|statistics|written|awards-ready):/m);
    expect(existsSync(out)).toBe(false);
    const database = await openDatabase(db);
    try {
      expect(await written(database.connection)).toEqual(NOTHING);
    } finally {
      database.close();
    }

    // At the close, the same command releases the period.
    const closed = runCli(['run', '--no-prove', '--input', ...inputs, '--db', db, '--out', out, '--now', '2026-11-04T00:00:00Z'], { env });
    expect(closed.status, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(/^committed: run 2026-10-[0-9a-f]{12}, /m);
    expect(closed.stdout).toMatch(/^privacy: release 1 of period 2026-10: /m);
    expect(closed.stdout).not.toMatch(/^open: /m);
  }, 120_000);

  it('refuses a --now that is not a date, before loading anything', () => {
    const dir = tempDir();
    const result = runCli(['run', '--db', join(dir, 'x.duckdb'), '--now', 'tomorrow'], { env: { STONES_PEPPER_FILE: join(dir, 'pepper.key') } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^stones: usage: .*--now must be an ISO date or date-time, got "tomorrow"/);
    expect(existsSync(join(dir, 'x.duckdb'))).toBe(false);
  });
});
