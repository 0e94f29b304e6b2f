import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOrCreateWitnessKey, readWitnessKey, WitnessKey, WitnessKeyError, type SealedWitness } from '../../../jobs/index.js';
import { runCli } from '../../support/cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('stones-witness-key-');

const context = { runId: '2026-10-abc123', batch: 1, batches: 3, circuit: 'batch-award-v3-b2-n128' };
const input = { salt: ['1234567890123456789012345678901234567890', '0'], features: [['3', '12', '540', '0', '20', '2', '400']], batch_index: '1' };

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof WitnessKeyError ? error.code : `not a WitnessKeyError: ${String(error)}`;
  }
  return undefined;
}

async function codeOfAsync(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return error instanceof WitnessKeyError ? error.code : `not a WitnessKeyError: ${String(error)}`;
  }
  return undefined;
}

function writeKey(name: string, text: string, mode = 0o600): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
}

describe('WitnessKey: AES-256-GCM sealing of a batch witness for its job', () => {
  it('opens what it sealed, and the sealed form holds nothing of the input in clear', () => {
    const key = WitnessKey.generate();
    const sealed = key.seal(context, input);
    expect(sealed.alg).toBe('aes-256-gcm');
    expect(sealed.keyId).toBe(key.id);
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
    expect(JSON.stringify(sealed)).not.toContain('1234567890123456789012345678901234567890');
    expect(JSON.stringify(sealed)).not.toContain('"salt"');
    expect(key.open(context, sealed)).toEqual(input);
  });

  it('draws a new IV for every job: the same input never seals to the same ciphertext', () => {
    const key = WitnessKey.generate();
    const [a, b] = [key.seal(context, input), key.seal(context, input)];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('a witness moved to another job (run, batch, batch count or circuit) does not open: witness_tampered', () => {
    const key = WitnessKey.generate();
    const sealed = key.seal(context, input);
    for (const other of [{ runId: '2026-10-other1' }, { batch: 2 }, { batches: 4 }, { circuit: 'batch-award-v3-b32-n1024' }]) {
      expect(codeOf(() => key.open({ ...context, ...other }, sealed))).toBe('witness_tampered');
    }
  });

  it('an altered ciphertext, tag or IV, or a shortened tag, does not open: witness_tampered', () => {
    const key = WitnessKey.generate();
    const sealed = key.seal(context, input);
    const flip = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] as number) ^ 1;
      return bytes.toString('base64');
    };
    const altered: SealedWitness[] = [
      { ...sealed, ciphertext: flip(sealed.ciphertext) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, iv: flip(sealed.iv) },
      { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 12).toString('base64') },
    ];
    for (const witness of altered) expect(codeOf(() => key.open(context, witness))).toBe('witness_tampered');
  });

  it('another key is told apart from an altered witness: witness_key_mismatch, naming both key ids and no key', () => {
    const coordinator = WitnessKey.generate();
    const worker = WitnessKey.generate();
    const sealed = coordinator.seal(context, input);
    expect(codeOf(() => worker.open(context, sealed))).toBe('witness_key_mismatch');
    expect(() => worker.open(context, sealed)).toThrow(
      `cannot decrypt the witness of batch 1 of run 2026-10-abc123: this worker's key (id ${worker.id}, generated) is not the coordinator's (id ${coordinator.id})`,
    );
    // A forged key id does not help: the tag still has to check.
    expect(codeOf(() => worker.open(context, { ...sealed, keyId: worker.id }))).toBe('witness_tampered');
  });
});

describe('the witness key file', () => {
  it('is created on first use with mode 0600 and 32 random bytes in hex, then read back as the same key', async () => {
    const path = join(tempDir(), 'nested', 'witness.key');
    const first = await readOrCreateWitnessKey(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(tempDir(), 'nested')).mode & 0o077).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const again = await readOrCreateWitnessKey(path);
    expect(again.created).toBe(false);
    expect(again.key.id).toBe(first.key.id);
    // Same key: what one seals, the other opens.
    expect(again.key.open(context, first.key.seal(context, input))).toEqual(input);
  });

  it('never replaces a key: coordinators starting together end up with one key', async () => {
    const path = join(tempDir(), 'witness.key');
    const keys = await Promise.all(Array.from({ length: 6 }, () => readOrCreateWitnessKey(path)));
    expect(new Set(keys.map(({ key }) => key.id)).size).toBe(1);
    expect(keys.filter(({ created }) => created)).toHaveLength(1);
  });

  it('reads 32 bytes as hex (with or without 0x) or base64', async () => {
    const bytes = Buffer.alloc(32, 7);
    const ids = await Promise.all(
      [bytes.toString('hex'), `0x${bytes.toString('hex').toUpperCase()}\n`, bytes.toString('base64'), bytes.toString('base64url')].map((text, i) =>
        readWitnessKey(writeKey(`k${i}`, text)).then((key) => key.id),
      ),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('refuses a file group or others may read or write (witness_key_unsafe), naming the fix', async () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o602]) {
      const path = writeKey(`open-${mode.toString(8)}`, Buffer.alloc(32, 1).toString('hex'), mode);
      expect(await codeOfAsync(() => readWitnessKey(path))).toBe('witness_key_unsafe');
      await expect(readWitnessKey(path)).rejects.toThrow(`run chmod 600 ${path}`);
    }
  });

  it('refuses a key of the wrong length or form (witness_key_invalid), and a missing file is witness_key_missing', async () => {
    for (const [i, text] of [
      '',
      'abc',
      Buffer.alloc(31, 1).toString('hex'),
      Buffer.alloc(33, 1).toString('hex'),
      Buffer.alloc(16, 1).toString('base64'),
      `${'g'.repeat(64)}`,
    ].entries()) {
      expect(await codeOfAsync(() => readWitnessKey(writeKey(`bad${i}`, text)))).toBe('witness_key_invalid');
    }
    expect(await codeOfAsync(() => readWitnessKey(join(tempDir(), 'nothing-here')))).toBe('witness_key_missing');
    expect(await codeOfAsync(() => readWitnessKey(tempDir()))).toBe('witness_key_invalid');
  });

  it('stones worker refuses an unsafe or malformed key file in one line before touching Redis, exit 1', () => {
    const open = writeKey('open.key', Buffer.alloc(32, 2).toString('hex'), 0o644);
    const short = writeKey('short.key', Buffer.alloc(16, 2).toString('hex'));
    for (const [path, code] of [
      [open, 'witness_key_unsafe'],
      [short, 'witness_key_invalid'],
    ] as const) {
      // Port 1: nothing listens there, so a worker that got as far as Redis would say redis_unreachable.
      const worker = runCli(['worker', '--redis', 'redis://127.0.0.1:1', '--witness-key', path], { env: {} });
      expect(worker.status, worker.stdout).toBe(1);
      expect(worker.stderr.trim().split('\n')).toHaveLength(1);
      expect(worker.stderr).toMatch(new RegExp(`^stones: ${code}: ${path}: `));
    }
    // The environment names the file too; a key put there instead of a path is refused unseen.
    const inEnv = runCli(['worker', '--redis', 'redis://127.0.0.1:1'], { env: { STONES_WITNESS_KEY: short } });
    expect(inEnv.stderr).toMatch(/^stones: witness_key_invalid: /);
    const key = Buffer.alloc(32, 3).toString('hex');
    const keyInEnv = runCli(['worker', '--redis', 'redis://127.0.0.1:1'], { env: { STONES_WITNESS_KEY: key } });
    expect(keyInEnv.status).toBe(2);
    expect(keyInEnv.stderr).toMatch(/^stones: usage: STONES_WITNESS_KEY names the witness key FILE, not the key itself/);
    expect(keyInEnv.stderr).not.toContain(key);
  });
});
