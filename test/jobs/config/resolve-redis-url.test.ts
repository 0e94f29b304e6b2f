import { describe, expect, it } from 'vitest';
import { redactRedisUrl, resolveRedisUrl } from '../../../jobs/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';

describe('resolveRedisUrl', () => {
  it('takes --redis first, then REDIS_URL', () => {
    expect(resolveRedisUrl({ option: 'redis://a:6379', env: { REDIS_URL: 'redis://b:6379' } })).toBe('redis://a:6379');
    expect(resolveRedisUrl({ option: undefined, env: { REDIS_URL: ' rediss://b:6380/2 ' } })).toBe('rediss://b:6380/2');
  });

  it('is a UsageError (exit 2) when neither is given, or the URL is not redis:// or rediss://', () => {
    for (const sources of [{ env: {} }, { option: '  ', env: { REDIS_URL: '' } }, { option: 'localhost:6379', env: {} }, { option: 'http://h', env: {} }]) {
      let error: unknown;
      try {
        resolveRedisUrl(sources);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
    }
  });

  it('never shows a password in its message', () => {
    expect(() => resolveRedisUrl({ option: 'http://user:s3cret@host', env: {} })).toThrow(/http:\/\/user:\*\*\*@host/);
  });
});

describe('redactRedisUrl', () => {
  it('replaces the password, keeps the rest', () => {
    expect(redactRedisUrl('redis://:s3cret@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
    expect(redactRedisUrl('rediss://app:s3cret@redis.internal:6380')).toBe('rediss://app:***@redis.internal:6380');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('not a url s3cret')).not.toContain('s3cret');
  });
});
