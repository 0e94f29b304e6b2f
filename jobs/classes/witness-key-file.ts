import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WITNESS_KEY_BYTES, WitnessKey } from './witness-key.js';
import { WitnessKeyError } from './witness-key-error.js';

const HEX_KEY = /^(?:0x)?([0-9a-f]{64})$/i;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

function parseKeyText(text: string, path: string): WitnessKey {
  const trimmed = text.trim();
  const hex = HEX_KEY.exec(trimmed)?.[1];
  if (hex !== undefined) return WitnessKey.fromBytes(Buffer.from(hex, 'hex'), path);
  if (BASE64_KEY.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === WITNESS_KEY_BYTES) return WitnessKey.fromBytes(bytes, path);
  }
  throw new WitnessKeyError('witness_key_invalid', `${path}: a witness key file holds ${WITNESS_KEY_BYTES} bytes as 64 hex digits or as base64, nothing else`);
}

/**
 * Reads the witness key file. Refused like an ssh private key when group or others may read
 * or write it (a key others can read is no longer the coordinator's and its workers' secret),
 * and when it is not 32 bytes as 64 hex digits or base64. WitnessKeyError in each case.
 */
export async function readWitnessKey(path: string): Promise<WitnessKey> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WitnessKeyError(
        'witness_key_missing',
        `no witness key file at ${path} (copy the coordinator's key file there, or pass --witness-key FILE or set STONES_WITNESS_KEY)`,
        { cause: error },
      );
    }
    throw new WitnessKeyError('witness_key_invalid', `${path}: cannot read the witness key file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  if (!info.isFile()) throw new WitnessKeyError('witness_key_invalid', `${path}: the witness key file is not a regular file`);
  if ((info.mode & 0o077) !== 0) {
    throw new WitnessKeyError(
      'witness_key_unsafe',
      `${path}: the witness key file is open to group or others (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 ${path}`,
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new WitnessKeyError('witness_key_invalid', `${path}: cannot read the witness key file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  return parseKeyText(text, path);
}

/**
 * Writes a new random key to `path` with mode 0600 (its folder made 0700 if missing). The key
 * is written to a temporary file first and linked into place, so a process reading `path`
 * meanwhile sees either no file or the whole key, and an existing key is never replaced
 * (EEXIST: another coordinator got there first).
 */
async function createWitnessKeyFile(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(`${randomBytes(WITNESS_KEY_BYTES).toString('hex')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask can only take bits away; this makes sure none were added by a default ACL.
    await chmod(temporary, 0o600);
    await link(temporary, path);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * The coordinator's witness key: the file at `path`, created with a new random key on first
 * use (`created` then true, so the caller can say where the workers' copy comes from).
 */
export async function readOrCreateWitnessKey(path: string): Promise<{ key: WitnessKey; created: boolean }> {
  try {
    return { key: await readWitnessKey(path), created: false };
  } catch (error) {
    if (!(error instanceof WitnessKeyError) || error.code !== 'witness_key_missing') throw error;
  }
  try {
    await createWitnessKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: await readWitnessKey(path), created: false };
    throw new WitnessKeyError('witness_key_missing', `cannot create the witness key file ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  return { key: await readWitnessKey(path), created: true };
}
