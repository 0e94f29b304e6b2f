import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors/index.js';

/** npm's names for the platforms @foundry-rs/anvil ships a binary for (its optional dependencies). */
const ARCH_NAMES: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/**
 * The anvil executable of the installed @foundry-rs/anvil: npm installs the one platform
 * package that matches this machine, whose bin/ holds the binary (no install script needed).
 */
export function anvilBinary(): string {
  const arch = ARCH_NAMES[process.arch];
  const name = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  let path: string;
  try {
    path = join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  } catch {
    throw new UsageError(
      `no local dev chain for this machine: the npm package ${name} is not installed (npm ci installs it on linux, macOS and windows); pass --rpc to use another chain`,
    );
  }
  if (!existsSync(path)) throw new UsageError(`no anvil binary at ${path}: reinstall with npm ci, or pass --rpc to use another chain`);
  return path;
}
