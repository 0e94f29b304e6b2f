import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputFileError } from '../../errors/index.js';
import type { BundleSource } from '../bundle/bundle-source.js';

/**
 * A bundle folder on disk. A missing folder is the user's error (one line); anything wrong
 * inside it (a file missing, too big, a folder where a file should be) is for the checks to
 * report by name.
 */
export function directoryBundleSource(dir: string): BundleSource {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputFileError('input_not_found', root, 'no bundle folder here');
  return {
    location: root,
    async read(path, limit) {
      const file = join(root, ...path.split('/'));
      if (!existsSync(file)) return undefined;
      const info = statSync(file);
      if (!info.isFile()) return { problem: 'not a regular file' };
      if (info.size > limit) return { problem: `${info.size.toLocaleString('en-US')} bytes, over the ${limit.toLocaleString('en-US')} a verifier reads` };
      return new Uint8Array(await readFile(file));
    },
    async list(folder) {
      const path = join(root, ...folder.split('/'));
      if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
      return (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
    },
  };
}
