import { UsageError } from '../errors/index.js';
import { epochDayFromIsoDate } from './civil-time.js';

export interface GenerateOptions {
  users: number;
  days: number;
  seed: number;
  /** 'YYYY-MM-DD', the first day of the window (a local date in every region). */
  start?: string;
}

export const DEFAULT_START = '2026-10-01';

/** Ten years: beyond that a "sample" is a mistake, and the caches would grow for nothing. */
const MAX_DAYS = 3660;

export interface ResolvedGenerateOptions {
  readonly users: number;
  readonly days: number;
  readonly seed: number;
  readonly startEpochDay: number;
}

/** Checks the options up front, so that a bad value fails before any file is opened. */
export function resolveGenerateOptions(options: GenerateOptions): ResolvedGenerateOptions {
  requireWholeNumber('users', options.users, 1);
  requireWholeNumber('days', options.days, 1);
  requireWholeNumber('seed', options.seed, 0);
  if (options.days > MAX_DAYS) throw new UsageError(`days must be at most ${MAX_DAYS}, got ${options.days}`);
  return {
    users: options.users,
    days: options.days,
    seed: options.seed,
    startEpochDay: parseStartDate(options.start ?? DEFAULT_START),
  };
}

/** The epoch day of a 'YYYY-MM-DD' start date; a malformed or impossible date is a UsageError. */
export function parseStartDate(value: string): number {
  const epochDay = epochDayFromIsoDate(value);
  if (epochDay === undefined) throw new UsageError(`start must be a date as YYYY-MM-DD, got "${value}"`);
  return epochDay;
}

function requireWholeNumber(name: string, value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new UsageError(`${name} must be a whole number of ${minimum} or more, got ${String(value)}`);
  }
}
