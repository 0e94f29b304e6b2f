import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { filesUnder } from '../support/scan-files.js';

// ARCHITECTURE.md: "Nothing in pipeline/ imports from jobs/". The CLI (pipeline/cli/) is the
// composition root that wires commands to both, and the one exception.
describe('the jobs/ boundary', () => {
  it('no module of pipeline/ outside pipeline/cli/ imports jobs/', () => {
    const offenders = filesUnder(join(REPO_ROOT, 'pipeline'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => relative(REPO_ROOT, file))
      .filter((file) => !file.startsWith(join('pipeline', 'cli')))
      .filter((file) => /(?:from|import)\s*\(?\s*['"](?:\.\.\/)+jobs\//.test(readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
