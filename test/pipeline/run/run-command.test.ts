import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

describe('stones run on the bundled sample', () => {
  it('loads the sample, commits, scores and publishes its month, and a second run changes nothing', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const args = ['run', '--db', db, '--out', join(tempDir(), 'out'), '--no-prove'];
    const env = { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key') };
    const first = runCli(args, { env });
    expect(first.stderr).toMatch(/^WARNING: DEMO BEACON/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/data-samples\/trips\.csv: [\d,]+ rows read, [\d,]+ accepted, 0 quarantined/);
    // The sample's trips and the enrolment file of their owners are both loaded by default.
    expect(first.stdout).toContain('data-samples/trips.owners.csv: owners, 201 rows read, 201 accepted, 0 quarantined');
    // Every enrolled owner is scored (8 of them have no trip); 7 drivers never enrolled.
    expect(first.stdout).toContain('features: period 2026-10 (UTC), 201 enrolled owners, 193 drove; not scored: 738 trips of 7 drivers not enrolled\n');
    expect(first.stdout).toMatch(/^scored: 201 owners, S = \d+, remainder \d+ carried to the next period$/m);
    expect(first.stdout).toMatch(
      /^privacy: release 1 of period 2026-10: epsilon 1\.9884 per user-day at delta 1e-8 \(noise sd 645 score units: k 114, n 128\); the period's score releases: epsilon 1\.9884 of 4$/m,
    );
    expect(first.stdout).toMatch(/written: .*out\/2026-10-[0-9a-f]{12} /);

    const second = runCli(args, { env });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('already loaded');
    expect(second.stdout).toContain('features: period 2026-10 (UTC), 201 enrolled owners, 193 drove');
    expect(second.stdout).toContain('already committed');
    expect(second.stdout).toContain('already scored: 201 owners');
    // The same data is the same release: not charged again.
    expect(second.stdout).toContain(
      "privacy: release 1 of period 2026-10: epsilon 1.9884 per user-day at delta 1e-8 (noise sd 645 score units: k 114, n 128); the period's score releases: epsilon 1.9884 of 4\n",
    );

    const database = await openDatabase(db);
    const counts = (
      await database.connection.runAndReadAll(
        `SELECT (SELECT count(*) FROM loads) AS loads, (SELECT count(*) FROM features WHERE period = '2026-10') AS feature_rows,
                (SELECT count(*) FROM trips) = (SELECT sum(rows_accepted) FROM loads WHERE kind = 'trips') AS trips_match_loads,
                (SELECT count(*) FROM owners) = (SELECT sum(rows_accepted) FROM loads WHERE kind = 'owners') AS owners_match_loads,
                (SELECT count(*) FROM privacy_ledger WHERE mechanism = 'binomial') AS score_releases`,
      )
    ).getRowObjectsJS();
    expect(counts).toEqual([{ loads: 3n, feature_rows: 201n, trips_match_loads: true, owners_match_loads: true, score_releases: 1n }]);
    database.close();
  }, 120_000); // two runs of the whole pipeline in child processes

  it('refuses a bad period before loading anything', () => {
    const pepperFile = join(tempDir(), 'pepper.key');
    const result = runCli(['run', '--db', join(tempDir(), 'x.duckdb'), '--period', '2026-1'], { env: { STONES_PEPPER_FILE: pepperFile } });
    expect(result.status).toBe(2);
    expect(existsSync(pepperFile)).toBe(false);
    expect(existsSync(join(tempDir(), 'x.duckdb'))).toBe(false);
    expect(result.stderr).toMatch(/^stones: usage: /);
  });
});

describe('stones verify-receipt', () => {
  it('exits 0 for a good receipt and 1, naming the field, for a tampered one', () => {
    const db = join(tempDir(), 'stones.duckdb');
    const out = join(tempDir(), 'out');
    const env = { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key') };
    const run = runCli(['run', '--db', db, '--out', out, '--no-prove'], { env });
    expect(run.status).toBe(0);
    const runDir = /written: (\S+)/.exec(run.stdout)?.[1] as string;
    const receipt = readFileSync(join(runDir, 'receipts.jsonl'), 'utf8').split('\n')[0] as string;
    const good = join(tempDir(), 'receipt.json');
    writeFileSync(good, receipt);
    // The sample's demo beacon: the owner's check fails on it, unless told it is a demo.
    const demo = runCli(['verify-receipt', join(runDir, 'bundle'), good]);
    expect(demo.status).toBe(1);
    expect(demo.stderr).toMatch(/^receipt FAILED: beacon: the beacon is the demo beacon, derived from the data root/m);
    const ok = runCli(['verify-receipt', join(runDir, 'bundle'), good, '--allow-demo-beacon']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^receipt OK: /);
    expect(ok.stdout).toMatch(/^note: the beacon is the DEMO beacon \(accepted with --allow-demo-beacon\)/m);
    const parsed = JSON.parse(receipt) as { score: string };
    const bad = join(tempDir(), 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...parsed, score: String(BigInt(parsed.score) + 1n) }));
    const failed = runCli(['verify-receipt', join(runDir, 'bundle'), bad, '--allow-demo-beacon']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^receipt FAILED: score: /m);
  }, 120_000);
});
