import { StonesError } from './stones-error.js';

/**
 * The chain did not answer, or refused a transaction for a reason the operator can act on (an
 * unfunded sender, a registry that already holds another record of the run). Retryable: a node
 * that is down may come back, and anchoring again sends only what the chain does not hold yet.
 */
export class ChainError extends StonesError {
  readonly code = 'chain';
  override readonly retryable = true;
}
