import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputFileError } from '../../errors/index.js';

const MANIFEST = 'manifest.json';

/**
 * The bundle folders named on the command line: a bundle itself (holds manifest.json), a run
 * folder (holds bundle/), or a folder of run folders (`stones verify-chain out`: every run
 * published there).
 */
export function resolveBundleDirs(paths: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const path of paths) {
    const dir = resolve(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputFileError('input_not_found', path, 'no such folder');
    if (existsSync(join(dir, MANIFEST))) dirs.push(dir);
    else if (existsSync(join(dir, 'bundle', MANIFEST))) dirs.push(join(dir, 'bundle'));
    else {
      const runs = readdirSync(dir)
        .sort()
        .map((name) => join(dir, name, 'bundle'))
        .filter((bundle) => existsSync(join(bundle, MANIFEST)));
      if (runs.length === 0) throw new InputFileError('input_not_found', path, 'neither a bundle, a run folder nor a folder of runs (no manifest.json found)');
      dirs.push(...runs);
    }
  }
  return dirs;
}
