import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();
const COMMANDS = ['run', 'generate', 'ingest', 'features'];

function expectOneLineError(result: ReturnType<typeof runCli>, pattern: RegExp): void {
  expect(result.status).not.toBe(0);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

// Each case spawns the CLI several times (about 1 s each on a quiet machine, several under load).
describe('the stones CLI', { timeout: 90_000 }, () => {
  it('has --help for every command', () => {
    expect(runCli(['--help']).status).toBe(0);
    for (const command of COMMANDS) {
      const result = runCli([command, '--help']);
      expect(result.status, command).toBe(0);
      expect(result.stdout).toContain(`Usage: stones ${command}`);
    }
  });

  it('turns a user error into one line on stderr and a non-zero exit', () => {
    const db = join(tempDir(), 'db.duckdb');
    expectOneLineError(runCli(['ingest', '--input', join(tempDir(), 'missing.csv'), '--db', db]), /^stones: input_not_found: .*missing\.csv: no such file/);
    expectOneLineError(runCli(['ingest', '--db', db]), /^stones: usage: required option '--input <paths\.\.\.>' not specified/);
    expectOneLineError(runCli(['ingest', '--input', 'x.csv', '--bogus']), /^stones: usage: unknown option '--bogus'/);
    expectOneLineError(runCli(['generate', '--users', 'ten', '--days', '3', '--out', join(tempDir(), 'x.csv')]), /^stones: usage: --users must be/);
    expectOneLineError(runCli(['features', '--period', '2026-13', '--db', db]), /^stones: usage: /);
    expectOneLineError(runCli(['frobnicate']), /^stones: usage: unknown command 'frobnicate'/);
  });
});
