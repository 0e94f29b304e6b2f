import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

describe('stones run --beacon-command', () => {
  it('scores with the beacon the command prints after the commit; a failing command fails the run in score, and a resume finishes it', () => {
    const dir = tempDir();
    const env = { STONES_PEPPER_FILE: join(dir, 'pepper.key') };
    // A formula that pins no drand network: the command prints a beacon in hex (not authenticated).
    const published = JSON.parse(readFileSync('formula.json', 'utf8')) as Record<string, unknown>;
    delete published.beacon;
    const formula = join(dir, 'formula.json');
    writeFileSync(formula, JSON.stringify(published));
    // The sample's trips (as Parquet) and the enrolment file of their owners.
    const base = [
      'run',
      '--no-prove',
      '--input',
      'data-samples/trips.parquet',
      'data-samples/trips.owners.csv',
      '--out',
      join(dir, 'out'),
      '--formula',
      formula,
    ];

    // The command sees the committed run's data root: a real one would wait for randomness published after it.
    const good = runCli([...base, '--db', join(dir, 'a.duckdb'), '--beacon-command', 'test -n "$STONES_DATA_ROOT" && echo 0xbeac0'], { env });
    expect(good.status, good.stderr).toBe(0);
    expect(good.stderr).not.toMatch(/DEMO BEACON/);
    const runDir = /written: (\S+)/.exec(good.stdout)?.[1] as string;
    const manifest = JSON.parse(readFileSync(join(runDir, 'bundle', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(manifest)).toMatch(/0x0{59}beac0/);

    const db = join(dir, 'b.duckdb');
    const failed = runCli([...base, '--db', db, '--beacon-command', 'echo "no round yet" >&2; exit 3'], { env });
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^stones: beacon_unavailable: the beacon command "echo \\"no round yet\\" >&2; exit 3" exited with 3: no round yet$/m);
    const runs = runCli(['runs', '--db', db], { env });
    const runId = /^(2026-10-[0-9a-f]{12}) .* failed in score: the beacon command/m.exec(runs.stdout)?.[1];
    expect(runId, runs.stdout).toBeDefined();

    const resumed = runCli(
      ['run', '--no-prove', '--resume', runId as string, '--db', db, '--out', join(dir, 'out'), '--formula', formula, '--beacon-command', 'echo 0x5eed'],
      {
        env,
      },
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/was failed in score: the beacon command/);
    expect(runCli(['runs', '--db', db, '--status', 'published'], { env }).stdout).toContain(runId);

    const both = runCli([...base, '--db', db, '--beacon', '0x1', '--beacon-command', 'echo 0x2'], { env });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^stones: usage: give --beacon or --beacon-command, not both$/m);

    // The published formula pins drand: its client needs the data root anchored first, so without a chain nothing starts.
    const drandDb = join(dir, 'c.duckdb');
    const unanchored = runCli(['run', '--no-prove', '--db', drandDb, '--out', join(dir, 'out'), '--beacon-command', 'echo 0x2'], { env });
    expect(unanchored.status).toBe(2);
    expect(unanchored.stderr.trim()).toBe(
      'stones: usage: formula stones-data-value takes its beacon from drand after the data root is anchored on chain: give --anchor (the local dev chain) or --rpc URL with --beacon-command',
    );
    expect(runCli(['runs', '--db', drandDb], { env }).stdout).not.toMatch(/2026-10-/);
  }, 180_000); // six runs in child processes
});
