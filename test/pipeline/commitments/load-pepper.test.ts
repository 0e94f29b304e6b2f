import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPepper } from '../../../pipeline/commitments/index.js';
import { ConfigError } from '../../../pipeline/errors/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir();

describe('the pepper', () => {
  it('comes from STONES_PEPPER when it is set', async () => {
    expect(await loadPepper({ STONES_PEPPER: `0x${'ab'.repeat(20)}` })).toBe(BigInt(`0x${'ab'.repeat(20)}`));
  });

  it('is created once in a key file of mode 0600, then read back', async () => {
    const path = join(tempDir(), 'keys', 'pepper.key');
    const first = await loadPepper({ STONES_PEPPER_FILE: path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadPepper({ STONES_PEPPER_FILE: path })).toBe(first);
    expect(first).toBeGreaterThan(2n ** 200n);
  });

  it('refuses a key file others can read, and a pepper too short to be secret', async () => {
    const path = join(tempDir(), 'pepper.key');
    writeFileSync(path, 'ab'.repeat(31));
    chmodSync(path, 0o644);
    await expect(loadPepper({ STONES_PEPPER_FILE: path })).rejects.toThrow(/readable by others/);
    await expect(loadPepper({ STONES_PEPPER: 'abc123' })).rejects.toBeInstanceOf(ConfigError);
  });
});
