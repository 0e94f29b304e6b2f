import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandConnectionOptions, redisTlsOptions, workerConnectionOptions } from '../../../jobs/index.js';
import { ConfigError, UsageError } from '../../../pipeline/errors/index.js';
import { useTempDir } from '../../support/temp-dir.js';

const tempDir = useTempDir('stones-redis-tls-');

describe('redisTlsOptions', () => {
  it('adds nothing without REDIS_TLS_CA: the URL alone decides (rediss:// checks against the system CAs)', () => {
    expect(redisTlsOptions('rediss://:pw@redis.internal:6380', {})).toEqual({});
    expect(redisTlsOptions('redis://127.0.0.1:6379', {})).toEqual({});
  });

  it('with REDIS_TLS_CA and a rediss:// URL, checks the certificate against that CA file', () => {
    const ca = join(tempDir(), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const options = redisTlsOptions('rediss://:pw@redis.internal:6380', { REDIS_TLS_CA: ca });
    expect(Buffer.isBuffer((options.tls as { ca: Buffer }).ca)).toBe(true);
    expect(String((options.tls as { ca: Buffer }).ca)).toContain('BEGIN CERTIFICATE');
  });

  it('refuses a CA with a redis:// URL (everything would go in clear) and a CA file it cannot read', () => {
    expect(() => redisTlsOptions('redis://127.0.0.1:6379', { REDIS_TLS_CA: '/x.pem' })).toThrow(UsageError);
    expect(() => redisTlsOptions('rediss://h:6380', { REDIS_TLS_CA: join(tempDir(), 'missing.pem') })).toThrow(ConfigError);
  });

  it('is part of the options of every connection, worker and command alike', () => {
    const ca = join(tempDir(), 'ca.pem');
    writeFileSync(ca, 'pem');
    const previous = process.env.REDIS_TLS_CA;
    process.env.REDIS_TLS_CA = ca;
    try {
      expect(workerConnectionOptions('rediss://h:6380').tls).toBeDefined();
      expect(commandConnectionOptions('rediss://h:6380').tls).toBeDefined();
    } finally {
      if (previous === undefined) delete process.env.REDIS_TLS_CA;
      else process.env.REDIS_TLS_CA = previous;
    }
  });
});
