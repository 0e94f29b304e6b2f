import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('stones-shared-options-');

/** `stones runs` names the database it looked for when there is none: which --db won, without opening DuckDB. */
function dbUsed(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = runCli(['runs', ...args], { cwd: tempDir(), env: { STONES_DB: undefined, STONES_CONFIG: undefined, ...env } });
  expect(result.status, result.stderr).toBe(2);
  return /^stones: usage: no database at (.*) \(stones run creates it\)\n$/.exec(result.stderr)?.[1] ?? result.stderr;
}

// Each case spawns the CLI (about half a second each on a quiet machine, several under load).
describe('shared options: command line > environment > config file > built-in default', { timeout: 120_000 }, () => {
  it('takes --db from the flag, else STONES_DB, else stones.config.json, else ./stones.duckdb', () => {
    expect(dbUsed([])).toBe('./stones.duckdb');
    writeFileSync(join(tempDir(), 'stones.config.json'), JSON.stringify({ db: 'from-config.duckdb', out: 'elsewhere' }));
    expect(dbUsed([])).toBe('from-config.duckdb');
    expect(dbUsed([], { STONES_DB: 'from-env.duckdb' })).toBe('from-env.duckdb');
    expect(dbUsed(['--db', 'from-flag.duckdb'], { STONES_DB: 'from-env.duckdb' })).toBe('from-flag.duckdb');
    // Another config file, by --config (before or after the command) or STONES_CONFIG.
    writeFileSync(join(tempDir(), 'other.json'), JSON.stringify({ db: 'from-other.duckdb' }));
    expect(dbUsed(['--config', 'other.json'])).toBe('from-other.duckdb');
    expect(dbUsed([], { STONES_CONFIG: 'other.json' })).toBe('from-other.duckdb');
  });

  it('refuses a config file with an unknown key or a bad value in one line, exit 1, before doing anything', () => {
    writeFileSync(join(tempDir(), 'stones.config.json'), JSON.stringify({ db: 'x.duckdb', databse: 'typo.duckdb' }));
    const unknown = runCli(['runs'], { cwd: tempDir() });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('stones: config: stones.config.json: unknown key "databse" (known: db, formula, out, redis, prefix)\n');
    writeFileSync(join(tempDir(), 'stones.config.json'), JSON.stringify({ db: 42 }));
    const badValue = runCli(['runs'], { cwd: tempDir() });
    expect(badValue.status).toBe(1);
    expect(badValue.stderr).toMatch(/^stones: config: stones\.config\.json: "db": .+\n$/);
    writeFileSync(join(tempDir(), 'stones.config.json'), '{ "db": ');
    const notJson = runCli(['runs'], { cwd: tempDir() });
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toMatch(/^stones: config: stones\.config\.json: not JSON: .+\n$/);
    const missing = runCli(['--config', 'none.json', 'runs'], { cwd: tempDir() });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^stones: config: none\.json: cannot read the config file: .+\n$/);
  });

  it('names the environment variable of each shared option in --help', () => {
    const help = runCli(['worker', '--help']).stdout.replace(/\s+/g, ' ');
    for (const env of ['STONES_DB', 'STONES_FORMULA', 'STONES_OUT', 'REDIS_URL', 'STONES_PREFIX']) expect(help).toMatch(new RegExp(`(\\(|, )env: ${env}\\)`));
    expect(runCli(['--help']).stdout.replace(/\s+/g, ' ')).toContain('(env: STONES_CONFIG)');
  });
});
