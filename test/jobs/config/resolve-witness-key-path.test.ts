import { describe, expect, it } from 'vitest';
import { DEFAULT_WITNESS_KEY_FILE, resolveWitnessKeyPath } from '../../../jobs/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';

describe('resolveWitnessKeyPath', () => {
  it('takes --witness-key first, then STONES_WITNESS_KEY, then .stones/witness.key', () => {
    expect(resolveWitnessKeyPath({ option: '/etc/stones/w.key', env: { STONES_WITNESS_KEY: '/other' } })).toBe('/etc/stones/w.key');
    expect(resolveWitnessKeyPath({ option: undefined, env: { STONES_WITNESS_KEY: ' /other ' } })).toBe('/other');
    expect(resolveWitnessKeyPath({ option: ' ', env: {} })).toBe(DEFAULT_WITNESS_KEY_FILE);
    expect(DEFAULT_WITNESS_KEY_FILE).toBe('.stones/witness.key');
  });

  it('refuses a key given where its file is expected, without repeating it', () => {
    for (const key of [Buffer.alloc(32, 9).toString('hex'), `0x${Buffer.alloc(32, 9).toString('hex')}`, Buffer.alloc(32, 9).toString('base64')]) {
      for (const sources of [{ option: key, env: {} }, { env: { STONES_WITNESS_KEY: key } }]) {
        let error: unknown;
        try {
          resolveWitnessKeyPath(sources);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).not.toContain(key);
      }
    }
  });
});
