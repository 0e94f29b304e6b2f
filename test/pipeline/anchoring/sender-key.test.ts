import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAIN_KEY_ENV, readSenderKey } from '../../../pipeline/anchoring/sender-key.js';
import { UsageError } from '../../../pipeline/errors/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const KEY = `0x${'1f'.repeat(32)}`;

describe('readSenderKey', () => {
  const tempDir = useTempDir('stones-sender-key-');

  function keyFile(text: string, mode: number): string {
    const path = join(tempDir(), 'sender.key');
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  }

  it('reads a key file only its owner can read, with or without 0x, and trims it', () => {
    expect(readSenderKey(keyFile(`${KEY}\n`, 0o600), {})).toBe(KEY);
    expect(readSenderKey(keyFile(`  ${KEY.slice(2).toUpperCase()}  `, 0o400), {})).toBe(KEY);
  });

  it('refuses a key file that others can read or write, naming the chmod', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o660, 0o606]) {
      const path = keyFile(KEY, mode);
      expect(() => readSenderKey(path, {})).toThrow(
        new UsageError(`the key file ${path} can be read by others (mode 0${mode.toString(8)}): chmod 600 ${path}`),
      );
    }
  });

  it('refuses what is not a private key without echoing it', () => {
    for (const text of ['not a key', `${KEY}00`, `0x${'0'.repeat(64)}`, `0x${'f'.repeat(64)}`]) {
      const path = keyFile(text, 0o600);
      let message = '';
      try {
        readSenderKey(path, {});
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^the key file .* does not hold a (valid )?private key/);
      expect(message).not.toContain(text.slice(2, 20));
    }
    expect(() => readSenderKey(join(tempDir(), 'missing.key'), {})).toThrow(/^cannot read the key file .*missing\.key: ENOENT$/);
  });

  it('takes STONES_CHAIN_KEY when no file is given, and nothing when neither is', () => {
    expect(readSenderKey(undefined, { [CHAIN_KEY_ENV]: KEY })).toBe(KEY);
    expect(() => readSenderKey(undefined, { [CHAIN_KEY_ENV]: '0x12' })).toThrow(
      `${CHAIN_KEY_ENV} does not hold a private key (64 hex digits, with or without 0x)`,
    );
    expect(readSenderKey(undefined, {})).toBeUndefined();
  });
});
