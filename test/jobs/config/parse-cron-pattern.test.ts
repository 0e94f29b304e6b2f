import { describe, expect, it } from 'vitest';
import { parseCronPattern } from '../../../jobs/index.js';
import { UsageError } from '../../../pipeline/errors/index.js';

describe('parseCronPattern', () => {
  it('accepts 5 fields, or 6 with seconds, and normalises the spaces', () => {
    expect(parseCronPattern('0 2 * * *', 'Asia/Shanghai')).toBe('0 2 * * *');
    expect(parseCronPattern('  30   3 * * 1-5 ', 'UTC')).toBe('30 3 * * 1-5');
    expect(parseCronPattern('0 0 2 * * *', 'UTC')).toBe('0 0 2 * * *');
    expect(parseCronPattern('*/15 * * * *', 'Europe/Berlin')).toBe('*/15 * * * *');
  });

  it.each([
    ['', /must have 5 fields/],
    ['0 2 * *', /must have 5 fields/], // cron-parser would quietly fill this in
    ['0 2 * * * * *', /must have 5 fields/],
    ['@daily', /must have 5 fields/],
    ['61 2 * * *', /not a valid cron pattern: .*0-59/],
    ['0 24 * * *', /not a valid cron pattern/],
    ['0 2 31 2 *', /not a valid cron pattern/],
    ['0 2 * * mon-fr', /not a valid cron pattern/],
  ])('refuses %j with a UsageError', (pattern, message) => {
    expect(() => parseCronPattern(pattern, 'UTC')).toThrow(UsageError);
    expect(() => parseCronPattern(pattern, 'UTC')).toThrow(message);
  });
});
