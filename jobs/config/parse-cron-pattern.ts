import { CronExpressionParser } from 'cron-parser';
import { UsageError } from '../../pipeline/errors/index.js';

const EXPECTED = '5 fields (minute hour day-of-month month day-of-week, e.g. "0 2 * * *"), or 6 with seconds first';

/**
 * Checks a cron pattern the way the Job Scheduler will read it (BullMQ computes the next run
 * with cron-parser, the same version), and more strictly: exactly 5 or 6 fields, since
 * cron-parser quietly fills in a shorter pattern. `timeZone` must already be a valid IANA name.
 * Returns the pattern with its fields separated by single spaces; a UsageError otherwise.
 */
export function parseCronPattern(pattern: string, timeZone: string): string {
  const fields = pattern
    .trim()
    .split(/\s+/)
    .filter((field) => field !== '');
  if (fields.length < 5 || fields.length > 6) {
    throw new UsageError(`--cron must have ${EXPECTED}; got "${pattern}"`);
  }
  const normalised = fields.join(' ');
  try {
    CronExpressionParser.parse(normalised, { tz: timeZone }).next();
  } catch (error) {
    throw new UsageError(`--cron "${pattern}" is not a valid cron pattern: ${(error as Error).message}`, { cause: error });
  }
  return normalised;
}
