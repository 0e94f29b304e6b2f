import { StonesError } from './stones-error.js';

/**
 * A release of statistics or of scores that would take a period past its privacy budget. It is thrown
 * before any noise is drawn and before anything is recorded or written.
 */
export class PrivacyBudgetError extends StonesError {
  readonly code = 'privacy_budget_exceeded';
}
