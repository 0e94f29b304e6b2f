import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT } from '../../support/cli.js';

const RECORD_LOADS = fileURLToPath(new URL('../../support/record-loads/register.mjs', import.meta.url));

/** Packages no --help may load: each belongs to the commands that use it, loaded when they run. */
const HEAVY = ['bullmq', 'ioredis', '@bull-board', '@duckdb', 'snarkjs', 'circomlibjs', 'apache-arrow', 'zod', 'piscina', 'hono', 'viem'];

/** The packages a CLI invocation loads (from node_modules). */
function packagesLoadedBy(args: string[]): string[] {
  const result = spawnSync(process.execPath, ['--import', RECORD_LOADS, CLI_PATH, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  const importers = new Map<string, string[]>();
  for (const line of result.stderr.split('\n')) {
    const [tag, url, parent] = line.split(' ');
    if (tag !== 'stones-load' || url === undefined || parent === undefined) continue;
    importers.set(parent, [...(importers.get(parent) ?? []), url]);
  }
  // What main.js reaches by the imports recorded.
  const seen = new Set<string>();
  const todo = [...(importers.get('-') ?? [])];
  while (todo.length > 0) {
    const url = todo.pop() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    todo.push(...(importers.get(url) ?? []));
  }
  const packages = new Set<string>();
  for (const url of seen) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) packages.add(match[1]);
  }
  return [...packages].sort();
}

function heavyIn(packages: string[]): string[] {
  return packages.filter((name) => HEAVY.some((heavy) => name === heavy || name.startsWith(`${heavy}/`)));
}

describe('the CLI loads only what the command run uses', { timeout: 60_000 }, () => {
  it('stones --help loads commander and nothing heavy', () => {
    const packages = packagesLoadedBy(['--help']);
    expect(packages).toContain('commander');
    expect(heavyIn(packages)).toEqual([]);
  });

  it('stones <command> --help does not load what the command uses when it runs', () => {
    expect(heavyIn(packagesLoadedBy(['dashboard', '--help']))).toEqual([]);
    expect(heavyIn(packagesLoadedBy(['run', '--help']))).toEqual([]);
    expect(heavyIn(packagesLoadedBy(['schedule', 'add', '--help']))).toEqual([]);
  });

  it('a command that runs loads what it uses, and only that: stones formula loads no database, queue or prover', () => {
    const packages = packagesLoadedBy(['formula', '--json']);
    expect(heavyIn(packages).filter((name) => name !== 'zod')).toEqual([]);
  });
});
