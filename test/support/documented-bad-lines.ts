import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './cli.js';

/**
 * The table of bad lines of one messy sample in data-samples/README.md (the section headed
 * `## <file>`): line number -> documented reason. The documentation is the expectation.
 */
export function documentedBadLines(file: string): Map<number, string> {
  const readme = readFileSync(`${REPO_ROOT}data-samples/README.md`, 'utf8');
  const start = readme.indexOf(`\n## ${file}\n`);
  if (start < 0) throw new Error(`data-samples/README.md has no section "## ${file}"`);
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const rows = [...section.matchAll(/^\| (\d+) \| [^|]+ \| `(\w+)` \|/gm)];
  return new Map(rows.map((m) => [Number(m[1]), m[2] as string]));
}
