import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { filesUnder } from '../support/scan-files.js';

// docs/architecture.md: "pipeline/ never imports jobs/ or cli/" (dependency-cruiser enforces it
// in `npm run lint`; this reads the sources themselves, with no tool in between).
describe('the jobs/ boundary', () => {
  it('no module of pipeline/ imports jobs/ or cli/', () => {
    const offenders = filesUnder(join(REPO_ROOT, 'pipeline'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => relative(REPO_ROOT, file))
      .filter((file) => /(?:from|import)\s*\(?\s*['"](?:\.\.\/)+(?:jobs|cli)\//.test(readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
