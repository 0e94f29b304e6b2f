import { StonesError } from './stones-error.js';

/**
 * A release that would break the chain of periods: each period carries the remainder of the
 * one before, so a period cannot be released while the month before it never was, nor
 * released again once a later period has carried its remainder.
 */
export class PeriodChainError extends StonesError {
  readonly code = 'period_chain';
}
