import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

describe('stones commit, then stones score with a public beacon', () => {
  it('records the data root first, then scores and writes the run folder; a run never committed is refused', () => {
    const db = join(tempDir(), 'stones.duckdb');
    const env = { STONES_PEPPER_FILE: join(tempDir(), 'pepper.key') };
    expect(runCli(['ingest', '--input', 'data-samples/trips.parquet', '--db', db]).status).toBe(0);

    const refused = runCli(['score', '--run', '2026-10-000000000000', '--beacon', '0xabc', '--db', db], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^stones: usage: no run 2026-10-000000000000: commit the period first/);

    const commit = runCli(['commit', '--period', '2026-10', '--db', db], { env });
    expect(commit.status).toBe(0);
    const runId = /run (2026-10-[0-9a-f]{12})/.exec(commit.stdout)?.[1] as string;
    expect(runId).toBeDefined();
    expect(runCli(['commit', '--period', '2026-10', '--db', db], { env }).stdout).toContain(`already committed: run ${runId}`);

    const out = join(tempDir(), 'out');
    const score = runCli(['score', '--run', runId, '--beacon', '0x5eed', '--db', db, '--out', out], { env });
    expect(score.stderr).toBe('');
    expect(score.status).toBe(0);
    expect(existsSync(join(out, runId, 'bundle', 'manifest.json'))).toBe(true);

    const badBeacon = runCli(['score', '--run', runId, '--beacon', 'not-hex', '--db', db], { env });
    expect(badBeacon.status).toBe(2);
    expect(badBeacon.stderr.trim().split('\n')).toHaveLength(1);
  }, 90_000); // six CLI processes: about 12 s alone, more on a loaded machine
});
