import { StonesError } from './stones-error.js';

/**
 * Scores of a period asked for before the period's close (its end plus the formula's grace
 * for late files): scores and awards are released once a period, at its close.
 */
export class PeriodOpenError extends StonesError {
  readonly code = 'period_open';
}
