import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/index.js';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

describe('stones commit, then stones score with a public beacon', () => {
  it('records the data root first, then scores and writes the run folder; a run never committed is refused', async () => {
    const db = join(tempDir(), 'stones.duckdb');
    const env = { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key') };
    expect(runCli(['ingest', '--input', 'data-samples/trips.parquet', '--db', db]).status).toBe(0);

    // Trips alone: nobody is enrolled, so there is nothing to commit.
    const nobody = runCli(['commit', '--period', '2026-10', '--db', db], { env });
    expect(nobody.status).toBe(2);
    expect(nobody.stderr).toMatch(/^stones: usage: no enrolled owners for period 2026-10: load an enrolment file \(user_id, enrolled_on\)/);
    expect(nobody.stderr.trim().split('\n')).toHaveLength(1);
    expect(runCli(['ingest', '--input', 'data-samples/trips.owners.csv', '--db', db]).status).toBe(0);

    const refused = runCli(['score', '--run', '2026-10-000000000000', '--beacon', '0xabc', '--db', db], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^stones: usage: no run 2026-10-000000000000: commit the period first/);

    const commit = runCli(['commit', '--period', '2026-10', '--db', db], { env });
    expect(commit.status).toBe(0);
    const runId = /run (2026-10-[0-9a-f]{12})/.exec(commit.stdout)?.[1] as string;
    expect(runId).toBeDefined();
    // Every enrolled owner of the sample (201) has a leaf: 7 batches of 32.
    expect(commit.stdout).toContain(`committed: run ${runId}, 201 users in 7 batches, data root 0x`);
    expect(runCli(['commit', '--period', '2026-10', '--db', db], { env }).stdout).toContain(`already committed: run ${runId}`);

    const out = join(tempDir(), 'out');
    const early = runCli(['publish', '--run', runId, '--db', db, '--out', out], { env });
    expect(early.status).toBe(2);
    expect(early.stderr).toBe(`stones: usage: run ${runId} is not scored yet: stones score --run ${runId} --beacon HEX first\n`);

    const score = runCli(['score', '--run', runId, '--beacon', '0x5eed', '--db', db], { env });
    expect(score.stderr).toBe('');
    expect(score.status).toBe(0);
    expect(score.stdout).toMatch(new RegExp(`^scored: run ${runId}, 201 users, S = \\d+, remainder \\d+ carried to the next period$`, 'm'));
    // Scoring writes no run folder: publishing does.
    expect(existsSync(out)).toBe(false);
    const publish = runCli(['publish', '--run', runId, '--db', db, '--out', out], { env });
    expect(publish.stderr).toBe('');
    expect(publish.status).toBe(0);
    expect(publish.stdout).toContain(`written: ${join(out, runId)}`);
    expect(existsSync(join(out, runId, 'bundle', 'manifest.json'))).toBe(true);

    const badBeacon = runCli(['score', '--run', runId, '--beacon', 'not-hex', '--db', db], { env });
    expect(badBeacon.status).toBe(2);
    expect(badBeacon.stderr.trim().split('\n')).toHaveLength(1);

    // Each owner's tag was computed once and cached; the score release was charged once.
    const database = await openDatabase(db);
    try {
      const counts = (
        await database.connection.runAndReadAll(
          `SELECT (SELECT count(*) FROM owner_tags) AS tags, (SELECT count(DISTINCT user_id) FROM owner_tags) AS owners,
                  (SELECT count(*) FROM owner_tags AS t JOIN run_users AS u ON u.user_id = t.user_id AND u.user_tag = t.user_tag) AS matching,
                  (SELECT count(*) FROM privacy_ledger WHERE mechanism = 'binomial' AND run_id = '${runId}') AS score_releases`,
        )
      ).getRowObjectsJS();
      expect(counts).toEqual([{ tags: 201n, owners: 201n, matching: 201n, score_releases: 1n }]);
    } finally {
      database.close();
    }
  }, 180_000); // nine CLI processes: about 20 s alone, more on a loaded machine
});
