import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { BN254_FIELD_MODULUS } from './poseidon/index.js';

const PEPPER_ENV = 'STONES_PEPPER';
const PEPPER_FILE_ENV = 'STONES_PEPPER_FILE';
const DEFAULT_PEPPER_FILE = '.stones/pepper.key';

function parsePepper(text: string, source: string): bigint {
  const hex = text.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]{32,64}$/i.test(hex)) {
    throw new ConfigError(`${source}: the pepper must be 32 to 64 hex digits (at least 128 bits of secret)`);
  }
  const value = BigInt(`0x${hex}`);
  if (value === 0n || value >= BN254_FIELD_MODULUS) throw new ConfigError(`${source}: the pepper must be a non-zero field element`);
  return value;
}

async function readKeyFile(path: string): Promise<bigint> {
  const info = await stat(path);
  // Like ssh with private keys: a pepper others can read is no longer a secret.
  if ((info.mode & 0o077) !== 0) {
    throw new ConfigError(`${path}: the pepper key file is readable by others (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 ${path}`);
  }
  return parsePepper(await readFile(path, 'utf8'), path);
}

async function createKeyFile(path: string): Promise<bigint> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const hex = randomBytes(31).toString('hex');
  // 'wx': never overwrite a pepper another process has just created.
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(`${hex}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
  return parsePepper(hex, path);
}

/**
 * The secret pepper of the pseudonymous user tags: from STONES_PEPPER, or from a key file
 * (STONES_PEPPER_FILE, default .stones/pepper.key) created with mode 0600 on first use. It is
 * never written to DuckDB or to any output; losing it means tags cannot be recomputed.
 */
export async function loadPepper(env: NodeJS.ProcessEnv = process.env): Promise<bigint> {
  const fromEnv = env[PEPPER_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parsePepper(fromEnv, PEPPER_ENV);
  const path = env[PEPPER_FILE_ENV] || DEFAULT_PEPPER_FILE;
  try {
    return await readKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    return await createKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path);
    throw error;
  }
}
