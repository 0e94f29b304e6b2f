import { z } from 'zod';

/** zod helpers shared by the formula's schemas: one-line messages that say what was expected and what was given. */

export function wholeNumber(min: number, max: number, what = `a whole number from ${min} to ${max}`) {
  return z.custom<number>((value) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max, {
    error: (issue) => `must be ${what}, got ${describe(issue.input)}`,
  });
}

export function matching<T>(accept: (value: unknown) => boolean, what: string) {
  return z.custom<T>(accept, { error: (issue) => `must be ${what}, got ${describe(issue.input)}` });
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return String(value);
}
