import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli.js';

// The README's way to run the CLI from a clone, after `npm run build`: `npm run --silent stones -- <command>`.
describe('the documented invocation', { timeout: 60_000 }, () => {
  it('npm run --silent stones -- formula --json prints only the JSON document', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', '--silent', 'stones', '--', 'formula', '--json'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: expect.any(String), k: expect.any(Number) });
  });
});
